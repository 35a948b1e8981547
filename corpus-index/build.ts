/**
 * Builds the extension's corpus files from a corpus on disk:
 *
 *   tsx corpus-index/build.ts [input] [--out dir]
 *
 * `input` is a folder of .txt/.md articles or a .jsonl file (default: the shipped
 * corpus, corpus-index/corpus); `--out` defaults to public/corpus. Writes
 * `index.bin` (the fingerprint index) and `search.json` (see search-index.ts).
 * On any corpus error prints every error as `file:line: message`, exits 1 and
 * leaves existing outputs untouched. Output is byte-identical for the same corpus.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildIndex } from '../lib/build-index';
import { encodeIndex } from '../lib/index-format';
import { escapeControlCharacters, formatCorpusError, loadCorpus } from './load-corpus';
import { createSearchIndex } from '../lib/search-index';

const USAGE = `usage: tsx corpus-index/build.ts [input] [--out dir]
  input   folder of .txt/.md articles, or a .jsonl file (default: corpus-index/corpus)
  --out   output folder for index.bin and search.json (default: public/corpus)`;

// Defaults are relative to the project, not the working directory, so the script
// does the same thing wherever it is started from.
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_INPUT = path.join(PROJECT_ROOT, 'corpus-index', 'corpus');
const DEFAULT_OUT = path.join(PROJECT_ROOT, 'public', 'corpus');

const PROGRESS_EVERY_DOCUMENTS = 500;
const PROGRESS_EVERY_MS = 1000;

async function main(argv: string[]): Promise<number> {
  let options: BuildOptions | 'help';
  try {
    options = readOptions(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 1;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const startedAt = performance.now();

  const corpus = await loadCorpus(showPath(options.input));
  if (corpus.errors.length > 0) {
    for (const error of corpus.errors) process.stderr.write(`${formatCorpusError(error)}\n`);
    const count = corpus.errors.length;
    process.stderr.write(`${count} error${count === 1 ? '' : 's'} in the corpus; nothing written\n`);
    return 1;
  }

  let lastReportAt = performance.now();
  const index = buildIndex(corpus.documents, {
    onProgress(done, total) {
      const now = performance.now();
      if (done < total && (done % PROGRESS_EVERY_DOCUMENTS === 0 || now - lastReportAt >= PROGRESS_EVERY_MS)) {
        process.stderr.write(`indexed ${done}/${total} documents\n`);
        lastReportAt = now;
      }
    },
  });
  const indexBytes = encodeIndex(index);
  const searchBytes = new TextEncoder().encode(
    JSON.stringify(createSearchIndex(corpus.documents, index.info.corpusDigest)),
  );

  try {
    await writeFilesAtomically(options.out, [
      ['index.bin', indexBytes],
      ['search.json', searchBytes],
    ]);
  } catch (error) {
    process.stderr.write(`${escapeControlCharacters(`${showPath(options.out)}: cannot write the index: ${(error as Error).message}`)}\n`);
    return 1;
  }

  const { documentCount, wordCount } = index.info;
  const bytesPerWord = wordCount === 0 ? 0 : indexBytes.length / wordCount;
  process.stdout.write(
    `${documentCount} documents, ${wordCount} words, index.bin ${indexBytes.length} bytes ` +
      `(${bytesPerWord.toFixed(1)} bytes/word), search.json ${searchBytes.length} bytes, ` +
      `${Math.round(performance.now() - startedAt)} ms -> ${escapeControlCharacters(showPath(options.out))}\n`,
  );
  return 0;
}

/** Absolute paths of the corpus to read and the folder to write. */
interface BuildOptions {
  readonly input: string;
  readonly out: string;
}

/** Reads the command line. Throws on misuse. */
function readOptions(argv: string[]): BuildOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 1) throw new Error(`expected one input, got ${positionals.length}`);
  return {
    input: positionals[0] !== undefined ? path.resolve(positionals[0]) : DEFAULT_INPUT,
    out: values.out !== undefined ? path.resolve(values.out) : DEFAULT_OUT,
  };
}

/**
 * Writes each file to a temporary name in the target folder, then renames it into
 * place: a rename within one folder is atomic, so a reader (or a failed build)
 * never sees a half-written file. The two files are not replaced as one unit;
 * `search.json` carries the index's corpus digest so a mismatched pair is detectable.
 */
async function writeFilesAtomically(folder: string, files: Array<[name: string, bytes: Uint8Array]>): Promise<void> {
  await mkdir(folder, { recursive: true });
  const staged = files.map(([name, bytes]) => ({
    bytes,
    target: path.join(folder, name),
    temp: path.join(folder, `.${name}.${process.pid}.tmp`),
  }));
  try {
    for (const file of staged) await writeFile(file.temp, file.bytes);
    for (const file of staged) await rename(file.temp, file.target);
  } catch (error) {
    await Promise.all(staged.map((file) => rm(file.temp, { force: true })));
    throw error;
  }
}

/** A path as the user would type it from the working directory. */
function showPath(absolute: string): string {
  return path.relative(process.cwd(), absolute) || '.';
}

process.exitCode = await main(process.argv.slice(2));
