/**
 * The index CLI on hostile input: files that are not regular files (a symlink
 * to /dev/zero, a FIFO), a file name that is not UTF-8, names and JSON keys
 * carrying terminal escape sequences, YAML alias bombs and front matter with
 * 100,000 keys. Each must end as a `file:line: message` on stderr, printed
 * escaped, with exit code 1 and the previous index untouched.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILD_SCRIPT = path.join(PROJECT_ROOT, 'corpus-index', 'build.ts');
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
// Each run starts Node with the TypeScript loader: allow for a slow, shared machine.
// A FIFO read the old way never returns, so a hang fails the test at this limit.
const CLI_TIMEOUT_MS = 60_000;
const PREVIOUS_INDEX = 'the previous index.bin';

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the build script as `npm run index` does, killed (and failed) if it outlives the test. */
function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX_LOADER, BUILD_SCRIPT, ...args], { cwd: scratch, timeout: CLI_TIMEOUT_MS - 5000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** An output folder holding a previous index, to show a failed build leaves it alone. */
async function previousOutput(name: string): Promise<string> {
  const out = path.join(scratch, name);
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'index.bin'), PREVIOUS_INDEX);
  return out;
}

async function expectUntouched(out: string): Promise<void> {
  expect(await readFile(path.join(out, 'index.bin'), 'utf8')).toBe(PREVIOUS_INDEX);
}

/** "Billion laughs": nine levels of nine aliases each. */
function billionLaughs(): string {
  const levels = ['a: &a "lol"'];
  for (let level = 1; level < 9; level++) {
    const name = String.fromCharCode(97 + level);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(', ')}]`);
  }
  return `---\ntitle: Laughs\n${levels.join('\n')}\n---\nText.\n`;
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'sourcelight-hostile-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('build CLI on hostile input', () => {
  it(
    'refuses devices, FIFOs and non-UTF-8 names, bounds front matter, and prints file names escaped',
    async () => {
      const folder = path.join(scratch, 'folder');
      await mkdir(folder);
      await writeFile(path.join(folder, 'ok.md'), '---\ntitle: Fine\n---\nFine text.\n');
      await symlink('/dev/zero', path.join(folder, 'zero.md'));
      execFileSync('mkfifo', [path.join(folder, 'pipe.md')]);
      await writeFile(Buffer.concat([Buffer.from(`${folder}/caf`), Buffer.from([0xe9]), Buffer.from('.md')]), 'Latin-1 name.\n');
      await writeFile(path.join(folder, '\u001b[2J\u001b[31mred\u202e.md'), 'Red\n');
      await writeFile(path.join(folder, 'laughs.md'), billionLaughs());
      const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join('\n');
      await writeFile(path.join(folder, 'keys.md'), `---\ntitle: Keys\n${keys}\n---\nText.\n`);
      const out = await previousOutput('out-folder');

      const result = await runCli(['folder', '--out', out]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toContain('\u001b');
      expect(result.stderr).not.toContain('\u202e');
      expect(result.stderr.split('\n')).toEqual([
        'folder/\\x1b[2J\\x1b[31mred\\u202e.md:1: field "id" (taken from the file name "\\x1b[2J\\x1b[31mred\\u202e"; rename the file or set "id" in front matter): id may hold only letters, digits, "_", "." and "-"',
        'folder/caf\uFFFD.md:1: the file name is not valid UTF-8 (rename the file)',
        'folder/keys.md:1: front matter is too large (988,902 characters, at most 8,192; only the fields id, title, url, outlet, published, lang belong there)',
        'folder/laughs.md:4: front matter: aliases (*name) are not supported; write the value itself',
        'folder/pipe.md:1: not a regular file (a named pipe); only regular files are read',
        'folder/zero.md:1: not a regular file (a device); only regular files are read',
        '6 errors in the corpus; nothing written',
        '',
      ]);
      await expectUntouched(out);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'refuses a FIFO or a device given as the .jsonl corpus, and escapes JSON keys',
    async () => {
      execFileSync('mkfifo', [path.join(scratch, 'pipe.jsonl')]);
      await symlink('/dev/zero', path.join(scratch, 'zero.jsonl'));
      const key = '\u001b]0;owned\u0007';
      await writeFile(path.join(scratch, 'keys.jsonl'), `${JSON.stringify({ id: 'a', title: 'A', text: 'Text.', [key]: 1 })}\n`);
      const out = await previousOutput('out-jsonl');

      const [pipe, zero, keys] = await Promise.all([
        runCli(['pipe.jsonl', '--out', out]),
        runCli(['zero.jsonl', '--out', out]),
        runCli(['keys.jsonl', '--out', out]),
      ]);
      expect([pipe.code, zero.code, keys.code]).toEqual([1, 1, 1]);
      expect(pipe.stderr).toBe('pipe.jsonl:1: not a regular file (a named pipe); only regular files are read\n1 error in the corpus; nothing written\n');
      expect(zero.stderr).toBe('zero.jsonl:1: not a regular file (a device); only regular files are read\n1 error in the corpus; nothing written\n');
      expect(keys.stderr).toBe(
        'keys.jsonl:1: unknown field "\\x1b]0;owned\\x07" (known fields: id, title, text, url, outlet, published, lang)\n1 error in the corpus; nothing written\n',
      );
      await expectUntouched(out);
    },
    CLI_TIMEOUT_MS,
  );
});
