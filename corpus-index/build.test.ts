import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../lib/build-index';
import { decodeIndex, encodeIndex } from '../lib/index-format';
import { loadCorpus } from './load-corpus';
import { SEARCH_INDEX_VERSION, type SearchIndexFile } from '../lib/search-index';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILD_SCRIPT = path.join(PROJECT_ROOT, 'corpus-index', 'build.ts');
const SHIPPED_CORPUS = path.join(PROJECT_ROOT, 'corpus-index', 'corpus');
// The TypeScript loader by absolute URL: a bare "tsx" would be resolved from the
// child's working directory, and some runs start outside the project.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
// Each run starts Node with the TypeScript loader: allow for a slow machine.
const CLI_TIMEOUT_MS = 60_000;

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the build script the way `npm run index` does, from `cwd`. */
function runCli(args: string[], cwd = PROJECT_ROOT): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX_LOADER, BUILD_SCRIPT, ...args], { cwd }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'sourcelight-build-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('build CLI', () => {
  it(
    'writes byte-identical outputs on every run',
    async () => {
      const [first, second] = [path.join(scratch, 'run1'), path.join(scratch, 'run2')];
      // Different working directories too: defaults and output must not depend on them.
      const results = await Promise.all([
        runCli([SHIPPED_CORPUS, '--out', first]),
        runCli([SHIPPED_CORPUS, '--out', second], scratch),
      ]);
      for (const result of results) {
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(
          /^5 documents, \d+ words, index\.bin \d+ bytes \(\d+\.\d bytes\/word\), search\.json \d+ bytes, \d+ ms -> .+\n$/,
        );
      }
      for (const name of ['index.bin', 'search.json']) {
        expect(Buffer.compare(await readFile(path.join(first, name)), await readFile(path.join(second, name)))).toBe(0);
      }
      expect((await readdir(first)).sort()).toEqual(['index.bin', 'search.json']);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'writes an index that decodes to the corpus and re-encodes to the same bytes',
    async () => {
      const out = path.join(scratch, 'round-trip');
      expect((await runCli([SHIPPED_CORPUS, '--out', out])).code).toBe(0);
      const bytes = new Uint8Array(await readFile(path.join(out, 'index.bin')));
      const decoded = decodeIndex(bytes);
      expect(encodeIndex(decoded)).toEqual(bytes);

      const { documents } = await loadCorpus(SHIPPED_CORPUS);
      expect(decoded.documents).toEqual(documents);
      expect(decoded.info.documentCount).toBe(5);

      const search = JSON.parse(await readFile(path.join(out, 'search.json'), 'utf8')) as SearchIndexFile;
      expect(search.version).toBe(SEARCH_INDEX_VERSION);
      expect(search.corpusDigest).toBe(decoded.info.corpusDigest);
      const titles = search.titles.map((entry) => entry.title);
      expect(titles).toEqual(documents.map((doc) => doc.title));
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 1 on a bad corpus, listing every error, and leaves earlier outputs untouched',
    async () => {
      const out = path.join(scratch, 'kept');
      expect((await runCli([SHIPPED_CORPUS, '--out', out])).code).toBe(0);
      const before = await Promise.all(['index.bin', 'search.json'].map((name) => readFile(path.join(out, name))));

      const bad = path.join(scratch, 'bad.jsonl');
      const good = JSON.stringify({ id: 'a', title: 'A', text: 'Some text.' });
      await writeFile(bad, [good, JSON.stringify({ id: 'b', text: 'No title.' }), '{"id": "c",', good].join('\n'));
      const result = await runCli([bad, '--out', out], scratch);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')).toEqual([
        'bad.jsonl:2: missing required field "title"',
        expect.stringMatching(/^bad\.jsonl:3: invalid JSON: /),
        'bad.jsonl:4: duplicate id "a", first used at bad.jsonl:1',
        '3 errors in the corpus; nothing written',
        '',
      ]);

      const after = await Promise.all(['index.bin', 'search.json'].map((name) => readFile(path.join(out, name))));
      expect(after).toEqual(before);
      expect((await readdir(out)).sort()).toEqual(['index.bin', 'search.json']);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'reports progress on stderr for a large corpus',
    async () => {
      const corpus = path.join(scratch, 'large.jsonl');
      const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ id: `d${i}`, title: `T${i}`, text: `Article ${i} text.` }));
      await writeFile(corpus, lines.join('\n'));
      const result = await runCli([corpus, '--out', path.join(scratch, 'large')]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('indexed 500/1200 documents\n');
      expect(result.stderr).toContain('indexed 1000/1200 documents\n');
      expect(result.stdout).toMatch(/^1200 documents, /);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 1 on a missing input and on misuse, writing nothing',
    async () => {
      const out = path.join(scratch, 'never');
      const missing = await runCli(['no-such-corpus', '--out', out], scratch);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^no-such-corpus:1: cannot read: ENOENT/);

      const misuse = await runCli(['--output', out]);
      expect(misuse.code).toBe(1);
      expect(misuse.stderr).toMatch(/usage: /);
      await expect(readdir(out)).rejects.toThrow(/ENOENT/);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'reports outputs it cannot replace without leaving temporary files',
    async () => {
      const out = path.join(scratch, 'blocked');
      // A folder where index.bin should go: the temporary files are written, the rename fails.
      await mkdir(path.join(out, 'index.bin'), { recursive: true });
      await writeFile(path.join(out, 'index.bin', 'keep'), 'x');
      const result = await runCli([SHIPPED_CORPUS, '--out', out]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/: cannot write the index: /);
      expect(await readdir(out)).toEqual(['index.bin']);
    },
    CLI_TIMEOUT_MS,
  );
});

describe('index format round trip', () => {
  it('decodes an encoded index to equal data', async () => {
    const { documents } = await loadCorpus(SHIPPED_CORPUS);
    const data = buildIndex(documents);
    const decoded = decodeIndex(encodeIndex(data));
    expect(decoded).toEqual(data);
    // toEqual on typed arrays compares elements; check the types too.
    expect(decoded.keys).toBeInstanceOf(Uint32Array);
    expect(decoded.postingPositions).toBeInstanceOf(Uint32Array);
  });
});
