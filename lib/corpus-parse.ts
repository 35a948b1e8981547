/**
 * Parsing of corpus input, shared by the index CLI (corpus-index/load-corpus.ts,
 * which adds the file system) and the extension's corpus import (a Web Worker of
 * the options page). Pure: no DOM, no `fs`, no `node:path` — bytes and names in,
 * documents and located errors out.
 *
 * Every problem is collected with its file and line, so a large corpus can be
 * fixed in one pass instead of one error per run.
 */
import { isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { corpusDocumentSchema, type CorpusDocument } from './corpus';

/** One problem found in a corpus, pointing at the line to fix. */
export interface CorpusError {
  /** The file (or folder) as reached from the input path. */
  readonly file: string;
  /** 1-based line number within `file`. */
  readonly line: number;
  readonly message: string;
}

/** The result of reading a corpus. */
export interface LoadedCorpus {
  /**
   * Every valid document, sorted by id (code-unit order, independent of locale).
   * Of documents sharing an id only the first read is kept. Do not build an
   * index when `errors` is non-empty: the corpus is then incomplete.
   */
  readonly documents: CorpusDocument[];
  readonly errors: CorpusError[];
}

/** The result of reading one article file. */
export interface ParsedTextDocument {
  /** The document, when it is valid. */
  readonly document?: CorpusDocument;
  readonly errors: CorpusError[];
}

/** A document with where it came from, so duplicate ids can name both places. */
export interface LocatedDocument {
  readonly document: CorpusDocument;
  readonly file: string;
  readonly line: number;
}

/** Documents read from one input before the corpus-wide checks of `finishCorpus`. */
export interface LocatedCorpus {
  readonly located: LocatedDocument[];
  readonly errors: CorpusError[];
}

/** Longest title derived from a text's first line; longer lines are cut at a word. */
export const DERIVED_TITLE_MAX_CHARS = 120;

/**
 * Largest article file (and JSONL line: one line holds one article). Far above
 * any real article, and far below the longest string JavaScript can hold
 * (2^29 characters), which a larger input would hit with a misleading error.
 */
export const MAX_ARTICLE_BYTES = 64 * 1024 * 1024;
/**
 * Most characters of front matter. It holds a handful of short fields; the cap
 * keeps the YAML parser's time bounded (it slows down quadratically with the
 * number of keys: 100,000 keys took two minutes).
 */
export const MAX_FRONT_MATTER_CHARS = 8 * 1024;
/** Most top-level lines of front matter: six fields are known, the rest is room for comments and mistakes. */
export const MAX_FRONT_MATTER_FIELDS = 32;

const DOCUMENT_FIELDS = Object.keys(corpusDocumentSchema.shape);
const ARTICLE_EXTENSIONS = new Set(['.txt', '.md']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Formats an error the way compilers do (`file:line: message`), so editors can jump to it. */
export function formatCorpusError(error: CorpusError): string {
  // File names and messages quote the data (JSON keys, YAML errors): never let them steer a terminal.
  return escapeControlCharacters(`${error.file}:${error.line}: ${error.message}`);
}

/**
 * Characters that change how a terminal or a page shows text instead of being
 * shown: C0 and C1 controls (escape sequences, carriage returns, newlines that
 * fake extra error lines), DEL, bidirectional overrides and isolates (which
 * reorder what follows), line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control, bidi and separator character written as a visible `\x1b` / `\u202e` escape. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * The last segment of a path. Both separators count: zip entries use "/", and
 * the CLI may run on Windows, where paths use "\\".
 */
export function baseName(file: string): string {
  const trimmed = file.replace(/[/\\]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

/**
 * The extension of a path's last segment, dot included, as Node's `path.extname`
 * gives it: "" for hidden files (".md") and for "..".
 */
export function fileExtension(file: string): string {
  const base = baseName(file);
  const dot = base.lastIndexOf('.');
  return dot <= 0 || base === '..' ? '' : base.slice(dot);
}

/** The last segment of a path without its extension: "press/a.md" → "a". */
export function fileStem(file: string): string {
  const base = baseName(file);
  return base.slice(0, base.length - fileExtension(base).length);
}

/** Whether a file name is an article file (`.txt` / `.md`, any case) and not a dot-file. */
export function isArticleFile(file: string): boolean {
  // Dot-files are editor and OS droppings (.DS_Store, .#draft.md), never articles.
  return !baseName(file).startsWith('.') && ARTICLE_EXTENSIONS.has(fileExtension(file).toLowerCase());
}

/**
 * Parses one article file. With front matter (a first line `---`, YAML fields,
 * a closing `---` line) the fields are `title` (required), `id` (defaults to the
 * file stem), `url`, `outlet`, `published`, `lang`; the text is everything after
 * the closing line, unchanged. Without front matter the whole file is the text,
 * the id is the file stem and the title is the text's first non-empty line (a
 * leading Markdown `#` marker removed in `.md` files), cut to
 * `DERIVED_TITLE_MAX_CHARS`. YAML values are read as plain strings, so
 * `title: 1984` and `published: 2009-01-01` need no quotes.
 */
export function parseTextDocument(bytes: Uint8Array, file: string): ParsedTextDocument {
  if (bytes.length > MAX_ARTICLE_BYTES) return { errors: [{ file, line: 1, message: tooLargeMessage('the file', bytes.length) }] };
  const decoded = decodeUtf8(bytes);
  if (typeof decoded !== 'string') {
    return { errors: [{ file, line: decoded.invalidLine, message: 'invalid UTF-8 (save the file as UTF-8)' }] };
  }
  const stem = fileStem(file);
  const frontMatter = splitFrontMatter(decoded);
  if (frontMatter === undefined) {
    // A blank file falls back to the stem so that it reports only "text is empty".
    const title = deriveTitle(decoded, fileExtension(file).toLowerCase() === '.md') || stem;
    return validate({ id: stem, title, text: decoded }, file, () => 1, idFromFileNameNote(stem));
  }
  if (frontMatter === 'unclosed') {
    return { errors: [{ file, line: 1, message: 'front matter is not closed: add a line "---" after its fields' }] };
  }

  const oversized = checkFrontMatterSize(frontMatter.yaml);
  if (oversized) return { errors: [{ file, line: 1, message: oversized }] };
  const lineCounter = new LineCounter();
  // The failsafe schema keeps every scalar a string: no YAML 1.1 surprises such as
  // `lang: no` becoming false or a numeric title becoming a number.
  const yaml = parseDocument(frontMatter.yaml, { schema: 'failsafe', lineCounter, prettyErrors: true });
  // Line 1 of the YAML source is line 2 of the file (after the opening `---`).
  const fileLine = (yamlLine: number): number => yamlLine + 1;
  if (yaml.errors.length > 0) {
    return {
      errors: yaml.errors.map((error) => ({
        file,
        line: fileLine(error.linePos?.[0].line ?? 1),
        message: `front matter: ${describeYamlError(error.message)}`,
      })),
    };
  }
  // Aliases are expanded when the YAML is turned into values: a few lines of
  // them ("billion laughs") expand exponentially. Fields are plain strings, so none is needed.
  const aliasLines: number[] = [];
  visit(yaml, {
    Alias(_, node) {
      aliasLines.push(fileLine(node.range ? lineCounter.linePos(node.range[0]).line : 1));
    },
  });
  if (aliasLines.length > 0) {
    return { errors: [{ file, line: aliasLines[0]!, message: 'front matter: aliases (*name) are not supported; write the value itself' }] };
  }
  const contents = yaml.contents;
  if (contents !== null && !isMap(contents)) {
    return { errors: [{ file, line: 2, message: 'front matter must be "field: value" lines' }] };
  }
  const fieldLines = new Map<string, number>();
  for (const pair of contents?.items ?? []) {
    if (isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.range) {
      fieldLines.set(pair.key.value, fileLine(lineCounter.linePos(pair.key.range[0]).line));
    }
  }
  const { text: textField, ...fields } = (yaml.toJS() ?? {}) as Record<string, unknown>;
  const candidate = { id: stem, ...fields, text: frontMatter.body };
  const lineOf = (field: string | undefined): number =>
    field === 'text' ? frontMatter.bodyLine : ((field !== undefined ? fieldLines.get(field) : undefined) ?? 1);
  const parsed = validate(candidate, file, lineOf, Object.hasOwn(fields, 'id') ? '' : idFromFileNameNote(stem));
  if (textField === undefined) return parsed;
  const misplaced = { file, line: fieldLines.get('text') ?? 2, message: 'the text goes below the front matter, not in a "text" field' };
  return { errors: sortByLine([...parsed.errors, misplaced]) };
}

/**
 * Parses a JSONL corpus: one JSON object `{id, title, text, url?, outlet?,
 * published?, lang?}` per line; blank lines are skipped. Pure and total: any
 * bytes give a result, never an exception. Lines are decoded one by one, so a
 * badly encoded line is reported without losing the others (and a file larger
 * than the biggest JavaScript string still loads).
 */
export function parseJsonlCorpus(bytes: Uint8Array, file: string): LoadedCorpus {
  const { located, errors } = parseJsonlDocuments(bytes, file);
  return finishCorpus(located, errors, file);
}

/**
 * The lines of a JSONL file as located documents and errors, before the
 * corpus-wide checks: `parseJsonlCorpus` without `finishCorpus`, for inputs that
 * combine several files (the extension's import of a zip or of many files).
 */
export function parseJsonlDocuments(bytes: Uint8Array, file: string): LocatedCorpus {
  const located: LocatedDocument[] = [];
  const errors: CorpusError[] = [];
  let line = 0;
  for (let from = 0; from <= bytes.length; ) {
    const newline = bytes.indexOf(0x0a, from);
    const to = newline === -1 ? bytes.length : newline;
    line++;
    const lineBytes = bytes.subarray(from, to);
    from = to + 1;
    if (lineBytes.length > MAX_ARTICLE_BYTES) {
      errors.push({ file, line, message: tooLargeMessage('the line', lineBytes.length) });
      continue;
    }
    let source: string;
    try {
      source = utf8.decode(lineBytes);
    } catch {
      errors.push({ file, line, message: 'invalid UTF-8 (save the file as UTF-8)' });
      continue;
    }
    if (source.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      errors.push({ file, line, message: `invalid JSON: ${(error as Error).message}` });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ file, line, message: 'expected a JSON object like {"id": …, "title": …, "text": …}' });
      continue;
    }
    const lineNumber = line;
    const parsed = validate(value as Record<string, unknown>, file, () => lineNumber, '');
    for (const error of parsed.errors) errors.push(error);
    if (parsed.document) located.push({ document: parsed.document, file, line });
  }
  return { located, errors };
}

/**
 * The corpus-wide checks, shared by every input form: reports each duplicate id
 * (naming both places; the first read is kept) and a corpus without documents,
 * then sorts documents by id and errors by file and line. `source` names the
 * whole input in the "no documents" error.
 */
export function finishCorpus(located: LocatedDocument[], errors: CorpusError[], source: string): LoadedCorpus {
  const firstById = new Map<string, LocatedDocument>();
  for (const entry of located) {
    const first = firstById.get(entry.document.id);
    if (first === undefined) firstById.set(entry.document.id, entry);
    else {
      errors.push({
        file: entry.file,
        line: entry.line,
        message: `duplicate id "${entry.document.id}", first used at ${first.file}:${first.line}`,
      });
    }
  }
  if (firstById.size === 0 && errors.length === 0) errors.push({ file: source, line: 1, message: 'the corpus has no documents' });
  const documents = [...firstById.values()].map((entry) => entry.document).sort((a, b) => compareCodeUnits(a.id, b.id));
  errors.sort((a, b) => compareCodeUnits(a.file, b.file) || a.line - b.line);
  return { documents, errors };
}

/** Validates one candidate document, turning each schema issue into a located error. */
function validate(
  candidate: Record<string, unknown>,
  file: string,
  lineOf: (field: string | undefined) => number,
  idNote: string,
): ParsedTextDocument {
  const result = corpusDocumentSchema.safeParse(candidate);
  if (result.success) return { document: result.data, errors: [] };
  // One error per field: later checks on a field that already failed only restate
  // it ("yesterday" is both "expected a date like 2009-01-01" and "not a real date").
  const seen = new Set<PropertyKey>();
  const issues = result.error.issues.filter((issue) => {
    if (issue.code === 'unrecognized_keys' || issue.path.length === 0) return true;
    if (seen.has(issue.path[0]!)) return false;
    seen.add(issue.path[0]!);
    return true;
  });
  return { errors: sortByLine(issues.flatMap((issue) => describeIssue(issue, candidate, file, lineOf, idNote))) };
}

/** Orders one file's errors top to bottom, as an editor lists them (the sort is stable). */
function sortByLine(errors: CorpusError[]): CorpusError[] {
  return errors.sort((a, b) => a.line - b.line);
}

function describeIssue(
  issue: z.core.$ZodIssue,
  candidate: Record<string, unknown>,
  file: string,
  lineOf: (field: string | undefined) => number,
  idNote: string,
): CorpusError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      line: lineOf(key),
      message: `unknown field "${key}" (known fields: ${DOCUMENT_FIELDS.join(', ')})`,
    }));
  }
  const field = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
  if (field === undefined) return [{ file, line: lineOf(undefined), message: issue.message }];
  if (!Object.hasOwn(candidate, field)) return [{ file, line: lineOf(field), message: `missing required field "${field}"` }];
  const note = field === 'id' ? idNote : '';
  return [{ file, line: lineOf(field), message: `field "${field}"${note}: ${issue.message}` }];
}

/** Refuses front matter too large to be a handful of fields before the YAML parser sees it; undefined when it fits. */
function checkFrontMatterSize(yaml: string): string | undefined {
  const fieldsHint = `only the fields ${DOCUMENT_FIELDS.filter((field) => field !== 'text').join(', ')} belong there`;
  if (yaml.length > MAX_FRONT_MATTER_CHARS) {
    return `front matter is too large (${yaml.length.toLocaleString('en-US')} characters, at most ${MAX_FRONT_MATTER_CHARS.toLocaleString('en-US')}; ${fieldsHint})`;
  }
  // Top-level lines start in the first column; indented lines continue a value.
  const fields = yaml.split('\n').filter((line) => /^[^\s#]/.test(line)).length;
  if (fields > MAX_FRONT_MATTER_FIELDS) {
    return `front matter has too many fields (${fields.toLocaleString('en-US')}, at most ${MAX_FRONT_MATTER_FIELDS}; ${fieldsHint})`;
  }
  return undefined;
}

/** The first line of a YAML error, without the position the error already carries; stack overflows from deep nesting named as such. */
function describeYamlError(message: string): string {
  if (message.includes('Maximum call stack size exceeded')) return 'nested too deeply (fields are plain "field: value" lines)';
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function tooLargeMessage(what: 'the file' | 'the line', bytes: number): string {
  const megabytes = (bytes / (1024 * 1024)).toFixed(1);
  const limit = MAX_ARTICLE_BYTES / (1024 * 1024);
  return `${what} is too long (${megabytes} MB; one article may be at most ${limit} MB)`;
}

function idFromFileNameNote(stem: string): string {
  return ` (taken from the file name "${stem}"; rename the file or set "id" in front matter)`;
}

/** Splits `---` front matter from the body; `undefined` when the file has none. */
function splitFrontMatter(source: string): { yaml: string; body: string; bodyLine: number } | 'unclosed' | undefined {
  const opening = /^---[ \t]*\r?\n/.exec(source);
  if (!opening) return undefined;
  const closing = /^---[ \t]*(\r?\n|$)/m;
  const rest = source.slice(opening[0].length);
  const match = closing.exec(rest);
  if (!match) return 'unclosed';
  const yaml = rest.slice(0, match.index);
  const body = rest.slice(match.index + match[0].length);
  // Opening line, the YAML lines, the closing line: the body starts on the next line.
  const bodyLine = 1 + countLines(yaml) + 1 + 1;
  return { yaml, body, bodyLine };
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** The first non-empty line, cut at a word boundary so titles stay readable in the UI. */
function deriveTitle(text: string, isMarkdown: boolean): string {
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const line = (isMarkdown ? firstLine.replace(/^\s*#{1,6}\s+/, '') : firstLine).trim();
  if (line.length <= DERIVED_TITLE_MAX_CHARS) return line;
  const cut = line.slice(0, DERIVED_TITLE_MAX_CHARS);
  const lastSpace = cut.search(/\s\S*$/);
  // Never split a surrogate pair when a single word fills the whole limit.
  const head = lastSpace > 0 ? cut.slice(0, lastSpace) : cut.replace(/[\uD800-\uDBFF]$/, '');
  return `${head.trimEnd()}…`;
}

/**
 * Decodes strict UTF-8. On failure, finds the first bad line: a newline byte never
 * occurs inside a multi-byte sequence, so decoding line by line pinpoints it.
 */
function decodeUtf8(bytes: Uint8Array): string | { invalidLine: number } {
  try {
    return utf8.decode(bytes);
  } catch {
    let from = 0;
    let line = 1;
    for (let newline = bytes.indexOf(0x0a); newline !== -1; newline = bytes.indexOf(0x0a, from)) {
      try {
        utf8.decode(bytes.subarray(from, newline));
      } catch {
        return { invalidLine: line };
      }
      from = newline + 1;
      line++;
    }
    // Every earlier line decoded, so the bad bytes are on the last one.
    return { invalidLine: line };
  }
}

/** Locale-independent order, so the index is byte-identical on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
