/**
 * Reads the files a user picks to import a corpus: JSONL files, `.txt` / `.md`
 * articles, and zip archives of them. Parsing is lib/corpus-parse.ts, the same
 * as `npm run index`, so a file is read the same way by the CLI and the
 * extension. Pure (no DOM): runs in the import worker and in unit tests.
 */
import {
  compareCodeUnits,
  fileExtension,
  finishCorpus,
  isArticleFile,
  parseJsonlDocuments,
  parseTextDocument,
  type CorpusError,
  type LoadedCorpus,
  type LocatedDocument,
} from '../../lib/corpus-parse';
import { extractZipEntry, readZipDirectory, ZipEntryError, ZipFormatError, type ZipEntry } from './zip-reader';

/**
 * Most bytes of article data one import reads: picked files plus the unpacked
 * contents of archives. Bounds the worker's memory (the checked text is held as
 * JS strings until its segment is indexed, lib/corpus-segments.ts) and stops a
 * zip bomb before it unpacks. 100,000 news articles (≈ 400 MB) fit; at that
 * size the options page's renderer peaked at 3.2 GB (docs/performance.md).
 */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

/** A picked file: its name and a way to read it, so over-budget files are never read. */
export interface ImportSource {
  readonly name: string;
  /** Size in bytes, as the file system reports it. */
  readonly size: number;
  read(): Promise<Uint8Array>;
}

/** Extensions the import accepts, for the file picker's `accept`. */
export const IMPORT_ACCEPT = '.jsonl,.txt,.md,.zip';

const MEGABYTE = 1024 * 1024;

/**
 * Collects documents and located errors across the picked files, then applies
 * the corpus-wide checks (duplicate ids, no documents) once at the end.
 */
class ImportReader {
  private readonly located: LocatedDocument[] = [];
  private readonly errors: CorpusError[] = [];
  private remainingBytes: number;
  private readonly names: string[] = [];

  constructor(private readonly maxBytes = MAX_IMPORT_BYTES) {
    this.remainingBytes = maxBytes;
  }

  /** Reads one picked file. Never throws: every problem becomes an error with the file's name. */
  async add(source: ImportSource): Promise<void> {
    this.names.push(source.name);
    const extension = fileExtension(source.name).toLowerCase();
    if (extension !== '.zip' && extension !== '.jsonl' && !isArticleFile(source.name)) {
      this.error(source.name, 'not a .jsonl, .txt, .md or .zip file');
      return;
    }
    // An archive's budget is what it unpacks to (its declared sizes, which unpacking enforces); its own bytes are let go after.
    const isZip = extension === '.zip';
    if (isZip ? source.size > this.maxBytes : source.size > this.remainingBytes) {
      this.error(source.name, this.overBudgetMessage(isZip ? 'archive' : 'file'));
      return;
    }
    if (!isZip) this.remainingBytes -= source.size;
    let bytes: Uint8Array;
    try {
      bytes = await source.read();
    } catch (error) {
      this.error(source.name, `cannot read the file: ${(error as Error).message}`);
      return;
    }
    if (isZip) this.addZip(source.name, bytes);
    else this.addFile(source.name, bytes);
  }

  /** The documents (sorted by id) and every error (sorted by file and line). */
  finish(): LoadedCorpus {
    const source = this.names.length === 1 ? this.names[0]! : 'the selected files';
    return finishCorpus(this.located, this.errors, source);
  }

  private addFile(name: string, bytes: Uint8Array): void {
    if (fileExtension(name).toLowerCase() === '.jsonl') {
      const parsed = parseJsonlDocuments(bytes, name);
      // One at a time: spreading 100,000 lines into push() overflows the call stack.
      for (const located of parsed.located) this.located.push(located);
      for (const error of parsed.errors) this.errors.push(error);
      return;
    }
    const parsed = parseTextDocument(bytes, name);
    for (const error of parsed.errors) this.errors.push(error);
    if (parsed.document) this.located.push({ document: parsed.document, file: name, line: 1 });
  }

  /**
   * Unpacks the archive's `.jsonl`, `.txt` and `.md` entries, in any folder, and
   * reads each as if picked, named `<archive>/<entry path>`. Other entries (images,
   * nested archives) are skipped, and so are macOS resource forks and dot-files.
   * The archive is read with zip-reader.ts, which checks every size and offset it
   * declares: the budget is charged the real unpacked bytes, which cannot exceed
   * the declared sizes checked here before anything is unpacked.
   */
  private addZip(name: string, bytes: Uint8Array): void {
    let entries: ZipEntry[];
    try {
      entries = readZipDirectory(bytes).filter((entry) => isCorpusEntry(entry.name));
    } catch (error) {
      if (!(error instanceof ZipFormatError)) throw error;
      this.error(error.entryName === undefined ? name : `${name}/${error.entryName}`, error.message);
      return;
    }
    if (entries.length === 0) {
      this.error(name, 'no .jsonl, .txt or .md files in this archive');
      return;
    }
    // All or nothing per archive: an archive that does not fit is left out whole.
    let declared = 0;
    for (const entry of entries) {
      declared += entry.size;
      if (declared > this.remainingBytes) {
        this.error(`${name}/${entry.name}`, this.overBudgetMessage('archive'));
        return;
      }
    }
    for (const entry of [...entries].sort((a, b) => compareCodeUnits(a.name, b.name))) {
      let unpacked: Uint8Array;
      try {
        unpacked = extractZipEntry(bytes, entry);
      } catch (error) {
        if (!(error instanceof ZipEntryError)) throw error;
        this.error(`${name}/${entry.name}`, error.message);
        continue;
      }
      this.remainingBytes -= unpacked.length;
      // One entry unpacked at a time: parsed, then let go.
      this.addFile(`${name}/${entry.name}`, unpacked);
    }
  }

  private overBudgetMessage(what: 'file' | 'archive'): string {
    const limit = Math.round(this.maxBytes / MEGABYTE);
    return `the import would be larger than ${limit} MB; this ${what} was left out (split the corpus and import the parts as separate corpora)`;
  }

  private error(file: string, message: string): void {
    this.errors.push({ file, line: 1, message });
  }
}

/** Options of `readImportSources`. */
export interface ReadImportOptions {
  /** See `MAX_IMPORT_BYTES` (the default). */
  maxBytes?: number;
  /** Called before each file with the number of files read so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Reads the picked files (see `ImportReader`) into one corpus. */
export async function readImportSources(sources: readonly ImportSource[], options: ReadImportOptions = {}): Promise<LoadedCorpus> {
  const reader = new ImportReader(options.maxBytes);
  // Name order, not pick order: the same files give the same corpus and the same "first" of duplicate ids.
  const ordered = [...sources].sort((a, b) => compareCodeUnits(a.name, b.name));
  for (const [i, source] of ordered.entries()) {
    options.onProgress?.(i, ordered.length);
    await reader.add(source);
  }
  return reader.finish();
}

/** Whether an archive entry is a corpus file: not a folder, not in `__MACOSX/`, not a dot-file. */
function isCorpusEntry(path: string): boolean {
  if (path.endsWith('/') || path.split('/').includes('__MACOSX')) return false;
  return isArticleFile(path) || (fileExtension(path).toLowerCase() === '.jsonl' && !/(^|\/)\./.test(path));
}
