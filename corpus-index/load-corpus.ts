/**
 * Reads a corpus for the index builder from disk: either a folder of `.txt` / `.md`
 * articles (optional YAML front matter) or one `.jsonl` file. Every problem is
 * collected with its file and line, so a large corpus can be fixed in one pass
 * instead of one error per run.
 */
import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  compareCodeUnits,
  finishCorpus,
  isArticleFile,
  MAX_ARTICLE_BYTES,
  parseJsonlCorpus,
  parseTextDocument,
  type CorpusError,
  type LoadedCorpus,
  type LocatedDocument,
} from '../lib/corpus-parse';

// The parsers live in lib/corpus-parse.ts, shared with the extension's import;
// this module adds only the file system. Re-exported so callers keep one entry point.
export {
  DERIVED_TITLE_MAX_CHARS,
  escapeControlCharacters,
  formatCorpusError,
  parseJsonlCorpus,
  parseTextDocument,
  type CorpusError,
  type LoadedCorpus,
  type ParsedTextDocument,
} from '../lib/corpus-parse';

/**
 * Largest `.jsonl` corpus the CLI reads: it is read whole, and Node refuses
 * files over 2 GB with a less helpful message; the index of such a corpus would
 * not fit in an extension anyway.
 */
export const MAX_JSONL_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * Reads the corpus at `inputPath`: a folder of `.txt` / `.md` files (see
 * `parseTextDocument`; other files and dot-files are ignored, subfolders are not
 * searched) or a `.jsonl` file (see `parseJsonlCorpus`). Never throws for a bad
 * corpus: unreadable paths are reported in `errors` like any other problem.
 */
export async function loadCorpus(inputPath: string): Promise<LoadedCorpus> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(inputPath)).isDirectory();
  } catch (error) {
    return { documents: [], errors: [{ file: inputPath, line: 1, message: `cannot read: ${describeFsError(error)}` }] };
  }
  if (isFolder) return loadCorpusFolder(inputPath);
  if (path.extname(inputPath).toLowerCase() !== '.jsonl') {
    return {
      documents: [],
      errors: [{ file: inputPath, line: 1, message: 'expected a folder of .txt/.md files or a .jsonl file' }],
    };
  }
  const read = await readRegularFile(inputPath, MAX_JSONL_FILE_BYTES);
  if (typeof read === 'string') return { documents: [], errors: [{ file: inputPath, line: 1, message: read }] };
  return parseJsonlCorpus(read, inputPath);
}

/**
 * Reads every `.txt` and `.md` file directly in `folder`, in file-name order so
 * that errors and duplicate reports come out the same on every machine.
 */
async function loadCorpusFolder(folder: string): Promise<LoadedCorpus> {
  let names: Buffer[];
  try {
    // As bytes: a name that is not UTF-8 would otherwise be decoded with U+FFFD
    // into a path that does not exist, and be reported as missing.
    names = await readdir(folder, { encoding: 'buffer' });
  } catch (error) {
    return { documents: [], errors: [{ file: folder, line: 1, message: `cannot read folder: ${describeFsError(error)}` }] };
  }
  const articles = names
    .map((bytes) => ({ bytes, name: decodeFileName(bytes) }))
    .filter((entry) => isArticleFile(entry.name))
    .sort((a, b) => compareCodeUnits(a.name, b.name));
  if (articles.length === 0) {
    return { documents: [], errors: [{ file: folder, line: 1, message: 'no .txt or .md files in this folder' }] };
  }
  const located: LocatedDocument[] = [];
  const errors: CorpusError[] = [];
  for (const { bytes: nameBytes, name } of articles) {
    const file = path.join(folder, name);
    if (!isUtf8(nameBytes)) {
      // The id defaults to the file name, and errors must name the file: both need a readable name.
      errors.push({ file, line: 1, message: 'the file name is not valid UTF-8 (rename the file)' });
      continue;
    }
    const read = await readRegularFile(file, MAX_ARTICLE_BYTES);
    if (typeof read === 'string') {
      errors.push({ file, line: 1, message: read });
      continue;
    }
    const parsed = parseTextDocument(read, file);
    errors.push(...parsed.errors);
    if (parsed.document) located.push({ document: parsed.document, file, line: 1 });
  }
  return finishCorpus(located, errors, folder);
}

/**
 * The bytes of a regular file no larger than `maxBytes`, or why it cannot be
 * read. Opened without blocking and checked on the open handle, so a FIFO is
 * refused instead of waiting forever for a writer, a symbolic link to
 * `/dev/zero` is refused instead of read until memory runs out, and the file
 * checked is the file read. A symbolic link to a regular file is followed.
 */
async function readRegularFile(file: string, maxBytes: number): Promise<Uint8Array | string> {
  let handle;
  try {
    // O_NONBLOCK does not exist on Windows, which has no FIFOs to block on.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return `cannot read file: ${describeFsError(error)}`;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return `not a regular file (${describeFileKind(info)}); only regular files are read`;
    if (info.size > maxBytes) {
      const limit = maxBytes / (1024 * 1024);
      return `the file is too large (${(info.size / (1024 * 1024)).toFixed(1)} MB, at most ${limit} MB)`;
    }
    // Exactly the size checked: a file growing while it is read is not read past it.
    const bytes = new Uint8Array(info.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  } catch (error) {
    return `cannot read file: ${describeFsError(error)}`;
  } finally {
    await handle.close();
  }
}

function describeFileKind(info: Awaited<ReturnType<typeof stat>>): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A file name for display and sorting: invalid bytes become U+FFFD (reported separately). */
function decodeFileName(bytes: Uint8Array): string {
  return lossyUtf8.decode(bytes);
}

function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  // Node appends ", open '<path>'": the path is already in the error's file field.
  const reason = message.replace(/, \w+ '.*'$/s, '');
  return code && !reason.startsWith(code) ? `${code}: ${reason}` : reason;
}
