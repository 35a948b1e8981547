/**
 * An earlier commit of the project, built beside this tree, for the benchmarks
 * that compare the two in one run (bench/wake-bench.ts, bench/large-bench.ts).
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../scripts/browser';

/** A baseline commit unpacked and built. */
export interface Baseline {
  /** Its tree: its own `lib/` and the rest, as `git archive` wrote them. */
  readonly root: string;
  /** Its built Chromium extension. */
  readonly extensionDir: string;
  /** Whether this call unpacked and built it (false: an earlier run's folder was reused). */
  readonly builtNow: boolean;
}

/**
 * Unpacks `commit` with `git archive` into a folder of the system temp
 * directory named after it and builds it there (`npm run build`, with this
 * tree's node_modules linked in), unless an earlier run left it built: a build
 * takes minutes, and a commit's build never changes.
 */
export function prepareBaseline(commit: string, log: (line: string) => void): Baseline {
  const root = path.join(os.tmpdir(), `sourcelight-baseline-${commit.slice(0, 12)}`);
  const extensionDir = path.join(root, '.output', 'chrome-mv3');
  if (existsSync(path.join(extensionDir, 'manifest.json'))) return { root, extensionDir, builtNow: false };
  const verified = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${commit}^{commit}`], { cwd: PROJECT_ROOT });
  if (verified.status !== 0) throw new Error(`${commit} is not a commit of ${PROJECT_ROOT}`);
  log(`unpacking and building ${commit} in ${root}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  execSync(`git archive ${commit} | tar -x -C ${JSON.stringify(root)}`, { cwd: PROJECT_ROOT });
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) throw new Error(`the baseline ${commit} did not build`);
  return { root, extensionDir, builtNow: true };
}
