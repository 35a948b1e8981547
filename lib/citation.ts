import type { DocumentMetadata } from './corpus';

/** What a citation of one reused passage states. */
export interface CitationInput {
  pageUrl: string;
  pageTitle: string;
  pageText: string;
  source: DocumentMetadata;
  sourceText: string;
  similarity: number;
}

/** Formats a plain-text citation: the page passage, its source and how close they are. */
export function formatCitation(input: CitationInput): string {
  const { source } = input;
  const facts = [source.outlet, source.published].filter(Boolean).join(', ');
  const origin = `“${source.title}”${facts ? ` (${facts})` : ''}${source.url ? `, ${source.url}` : ''}`;
  return [
    `“${collapse(input.pageText)}”`,
    `— on ${input.pageTitle ? `“${input.pageTitle}”, ` : ''}${input.pageUrl}`,
    `Source: ${origin}, corpus id ${source.id}; ${Math.round(input.similarity * 100)}% similar:`,
    `“${collapse(input.sourceText)}”`,
  ].join('\n');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
