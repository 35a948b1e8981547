import type { DocumentMetadata } from './corpus';
import type { MatchKind } from './matcher';
import type { WordOverlap } from './sentence-pairs';

/** What a citation of one reused passage states. */
export interface CitationInput {
  pageUrl: string;
  pageTitle: string;
  pageText: string;
  source: DocumentMetadata;
  sourceText: string;
  similarity: number;
  kind: MatchKind;
  /**
   * For a rewritten passage, the content words it shares with the source
   * (`contentWordOverlap`; the background sends it with the match as
   * `rewrite.overlap`). Passed in rather than counted here so that the content
   * script, which formats citations, carries no stemmer.
   */
  overlap?: WordOverlap;
}

/**
 * How a passage was reused, in words a reader can check: "copied, 96% similar",
 * or for a paraphrase "rewritten, shares 14 of 22 content words" (as the hover
 * card says; a word similarity reads low for a faithful rewrite).
 */
export function describeReuse(reuse: Pick<CitationInput, 'kind' | 'similarity' | 'overlap'>): string {
  if (reuse.kind === 'copied') return `copied, ${Math.round(reuse.similarity * 100)}% similar`;
  const { overlap } = reuse;
  return overlap ? `rewritten, shares ${overlap.shared} of ${overlap.total} content words` : 'rewritten';
}

/** Formats a plain-text citation: the page passage, its source and how close they are. */
export function formatCitation(input: CitationInput): string {
  const { source } = input;
  const facts = [source.outlet, source.published].filter(Boolean).join(', ');
  const origin = `“${source.title}”${facts ? ` (${facts})` : ''}${source.url ? `, ${source.url}` : ''}`;
  return [
    `“${collapse(input.pageText)}”`,
    `— on ${input.pageTitle ? `“${input.pageTitle}”, ` : ''}${input.pageUrl}`,
    `Source: ${origin}, corpus id ${source.id}; ${describeReuse(input)}:`,
    `“${collapse(input.sourceText)}”`,
  ].join('\n');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
