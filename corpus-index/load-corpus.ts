/**
 * Reads a corpus for the index builder from disk: either a folder of `.txt` / `.md`
 * articles (optional YAML front matter) or one `.jsonl` file. Every problem is
 * collected with its file and line, so a large corpus can be fixed in one pass
 * instead of one error per run.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  compareCodeUnits,
  finishCorpus,
  isArticleFile,
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
  formatCorpusError,
  parseJsonlCorpus,
  parseTextDocument,
  type CorpusError,
  type LoadedCorpus,
  type ParsedTextDocument,
} from '../lib/corpus-parse';

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
  let bytes: Uint8Array;
  try {
    bytes = await readFile(inputPath);
  } catch (error) {
    return { documents: [], errors: [{ file: inputPath, line: 1, message: `cannot read: ${describeFsError(error)}` }] };
  }
  return parseJsonlCorpus(bytes, inputPath);
}

/**
 * Reads every `.txt` and `.md` file directly in `folder`, in file-name order so
 * that errors and duplicate reports come out the same on every machine.
 */
async function loadCorpusFolder(folder: string): Promise<LoadedCorpus> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    return { documents: [], errors: [{ file: folder, line: 1, message: `cannot read folder: ${describeFsError(error)}` }] };
  }
  const articleNames = names.filter(isArticleFile).sort(compareCodeUnits);
  if (articleNames.length === 0) {
    return { documents: [], errors: [{ file: folder, line: 1, message: 'no .txt or .md files in this folder' }] };
  }
  const located: LocatedDocument[] = [];
  const errors: CorpusError[] = [];
  for (const name of articleNames) {
    const file = path.join(folder, name);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      errors.push({ file, line: 1, message: `cannot read file: ${describeFsError(error)}` });
      continue;
    }
    const parsed = parseTextDocument(bytes, file);
    errors.push(...parsed.errors);
    if (parsed.document) located.push({ document: parsed.document, file, line: 1 });
  }
  return finishCorpus(located, errors, folder);
}

function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  // Node appends ", open '<path>'": the path is already in the error's file field.
  const reason = message.replace(/, \w+ '.*'$/s, '');
  return code && !reason.startsWith(code) ? `${code}: ${reason}` : reason;
}
