/**
 * Exports of a page's reused passages: JSON, CSV (RFC 4180) and Markdown.
 *
 * Pure functions of a `PageReport`: one row per (passage, source) pair. The
 * data comes from arbitrary web pages, so every format escapes it for its own
 * syntax; nothing in the data can add rows, columns, links or markup.
 */
import { describeReuse } from './citation';
import { contentWordOverlap } from './sentence-pairs';
import type { MatchKind } from './matcher';
import type { PageReport, ReportSource } from './domain';

/** A source as the exports read it; `url` when the report carries one. */
type ExportSource = ReportSource & { url?: string };

/** One exported row: a passage of the page and one of its sources. */
export interface ExportRow {
  pageUrl: string;
  pageTitle: string;
  /** Position of the passage on the page (page order). */
  passageIndex: number;
  /** The passage as it reads on the page. */
  pageText: string;
  sourceTitle: string;
  sourceId: string;
  /** Empty when the corpus has no URL for the source. */
  sourceUrl: string;
  sourceOutlet: string;
  sourcePublished: string;
  /** The source's text of the passage. */
  sourceText: string;
  /** 0–1, rounded to three decimals. */
  similarity: number;
  /** How the page reused the source: copied (verbatim or lightly edited) or rewritten (reworded, reordered, condensed). */
  kind: MatchKind;
  /** Display name of the corpus the source belongs to. */
  sourceCorpus: string;
  /** Whether the reader marked that corpus private (its matches are kept from the page); a reminder before sharing the export. */
  sourcePrivate: boolean;
  /** Corpus articles that share phrases with the passage but were not compared with it (`ReportPassage.otherSources`); 0 when none. */
  otherSources: number;
}

/** Columns of the CSV, in order, with their header. */
const CSV_COLUMNS: ReadonlyArray<[keyof ExportRow, string]> = [
  ['pageUrl', 'page_url'],
  ['pageTitle', 'page_title'],
  ['passageIndex', 'passage_index'],
  ['pageText', 'page_text'],
  ['sourceTitle', 'source_title'],
  ['sourceId', 'source_id'],
  ['sourceUrl', 'source_url'],
  ['sourceOutlet', 'source_outlet'],
  ['sourcePublished', 'source_published'],
  ['sourceText', 'source_passage'],
  ['similarity', 'similarity'],
  // Last, so spreadsheets that read the columns by position keep working.
  ['kind', 'kind'],
  ['sourceCorpus', 'source_corpus'],
  ['sourcePrivate', 'source_private'],
  ['otherSources', 'other_sources'],
];

/** The rows of a report, in page order, each passage's sources in report order. */
export function exportRows(report: PageReport): ExportRow[] {
  return report.passages.flatMap((passage) =>
    passage.sources.map((source: ExportSource) => ({
      pageUrl: report.pageUrl,
      pageTitle: report.pageTitle,
      passageIndex: passage.index,
      pageText: source.pageText,
      sourceTitle: source.title,
      sourceId: source.docId,
      sourceUrl: source.url ?? '',
      sourceOutlet: source.outlet ?? '',
      sourcePublished: source.published ?? '',
      sourceText: source.sourceText,
      similarity: Math.round(source.similarity * 1000) / 1000,
      kind: source.kind,
      sourceCorpus: source.corpus.name,
      sourcePrivate: source.private,
      otherSources: passage.otherSources ?? 0,
    })),
  );
}

/** The JSON document of an export. */
export interface JsonExport {
  format: 'sourcelight-matches';
  version: 1;
  pageUrl: string;
  pageTitle: string;
  pageChars: number;
  reusedChars: number;
  rows: ExportRow[];
}

/** JSON: the page and its rows, pretty-printed. `JSON.parse` gives back `JsonExport`. */
export function exportJson(report: PageReport): string {
  const document: JsonExport = {
    format: 'sourcelight-matches',
    version: 1,
    pageUrl: report.pageUrl,
    pageTitle: report.pageTitle,
    pageChars: report.pageChars,
    reusedChars: report.reusedChars,
    rows: exportRows(report),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * CSV per RFC 4180: a header row, CRLF line ends, fields quoted when they hold
 * a quote, comma, CR or LF, with quotes doubled. A text field that a spreadsheet
 * would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) is prefixed with
 * `'`, as OWASP advises for CSV from untrusted sources.
 */
export function exportCsv(report: PageReport): string {
  const lines = [CSV_COLUMNS.map(([, header]) => csvField(header))];
  for (const row of exportRows(report)) {
    lines.push(CSV_COLUMNS.map(([key]) => csvField(typeof row[key] === 'string' ? defuseFormula(row[key]) : String(row[key]))));
  }
  return lines.map((fields) => fields.join(',')).join('\r\n') + '\r\n';
}

/** Quotes one CSV field when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Markdown: a heading for the page, then a numbered citation per row, the page's
 * text quoted inline and the source's text as a blockquote. Data is escaped, and
 * whitespace collapsed so no data can break out of its list item or quote.
 */
export function exportMarkdown(report: PageReport): string {
  const rows = exportRows(report);
  const pageName = report.pageTitle.trim() || report.pageUrl;
  const out = [`# Reused passages on ${markdownLink(pageName, report.pageUrl)}`, ''];
  if (rows.length === 0) {
    out.push('No passages from the corpus were found on this page.', '');
    return out.join('\n');
  }
  const percent = report.pageChars > 0 ? Math.round((report.reusedChars / report.pageChars) * 100) : 0;
  out.push(`${rows.length} citation${rows.length === 1 ? '' : 's'}; ${percent}% of the page’s text reused.`, '');
  rows.forEach((row, i) => {
    const facts = [row.sourceOutlet, row.sourcePublished].filter(Boolean).map(escapeMarkdown).join(', ');
    out.push(
      `${i + 1}. “${escapeMarkdown(row.pageText)}”`,
      `   Source: ${markdownLink(row.sourceTitle, row.sourceUrl)}${facts ? ` (${facts})` : ''}, corpus id ${escapeMarkdown(row.sourceId)} in ${row.sourcePrivate ? 'private corpus' : 'corpus'} “${escapeMarkdown(row.sourceCorpus)}”; ${describeReuse({
        ...row,
        overlap: row.kind === 'rewritten' ? contentWordOverlap(row.pageText, row.sourceText) : undefined,
      })}.`,
      '',
      `   > ${escapeMarkdown(row.sourceText)}`,
      '',
    );
    if (row.otherSources > 0 && rows[i + 1]?.passageIndex !== row.passageIndex) {
      out.push(
        `   ${row.otherSources} more corpus article${row.otherSources === 1 ? ' shares' : 's share'} phrases with this passage; not compared (only the closest sources are).`,
        '',
      );
    }
  });
  return out.join('\n');
}

/**
 * Escapes text for Markdown (CommonMark and GitHub): a backslash before every
 * character that can start inline markup (emphasis, code, links, images, HTML,
 * entities, strikethrough, tables, math, headings), and before a block marker
 * (`-`, `+`, `=`, `1.`) at the start; runs of whitespace become one space, so
 * data never starts a new line. CommonMark allows a backslash before any ASCII
 * punctuation, so the escaped text reads as the original.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]()<>&~|$!#]/g, (ch) => `\\${ch}`)
    .replace(/^([+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A link when `url` is http(s), else the escaped text alone. */
function markdownLink(text: string, url: string): string {
  const label = escapeMarkdown(text);
  if (!/^https?:\/\//i.test(url)) return label;
  // Angle-bracket destination: spaces, brackets and parentheses inside it are percent-encoded.
  const destination = url.replace(/[\s<>()\\]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${label}](<${destination}>)`;
}
