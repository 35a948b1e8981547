#!/usr/bin/env node
/**
 * Runs every check of the project in order and prints one summary line:
 *
 *   1. bash scripts/ensure-browsers.sh   (a step: chromium and firefox-esr; counts 1 failed if it fails)
 *   2. npm run check                     (a step)
 *   3. vitest                            (a runner: its tests are counted)
 *   4. npm run build                     (a step)
 *   5. playwright test                   (a runner; skipped when the build failed)
 *   6. npm run lint:firefox              (a step: Firefox build + web-ext lint)
 *   7. vitest --config vitest.firefox.config.ts
 *                                        (a runner: the Firefox suite against that build;
 *                                         skipped when the Firefox build failed)
 *
 * Output of each command is streamed as it runs. A failing command does not stop
 * the others, so all counts are collected. The last line printed is exactly
 * "N passed, N failed" (tests of both runners, plus 1 failed per failed step or
 * runner that crashed without reporting a failed test); the exit code is 1 when
 * anything failed. Plain Node, no dependencies.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, 'artifacts');
const VITEST_JSON = path.join(artifacts, 'vitest.json');
const PLAYWRIGHT_JSON = path.join(artifacts, 'playwright.json');
const FIREFOX_JSON = path.join(artifacts, 'firefox.json');

mkdirSync(artifacts, { recursive: true });

/** Runs a command with inherited stdio; resolves to its exit code (127 when it cannot start). */
function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`${label}: could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      const status = code ?? (signal ? 128 : 1);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`=== ${label}: ${status === 0 ? 'ok' : `FAILED (exit ${code ?? signal})`} in ${seconds}s`);
      resolve(status);
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const summary = { passed: 0, failed: 0 };
const notes = [];

/** A step passes or fails as a whole. */
async function step(label, command, args) {
  const code = await run(label, command, args);
  if (code !== 0) {
    summary.failed += 1;
    notes.push(`${label} failed (exit ${code})`);
  }
  return code === 0;
}

/** Adds a runner's counts; a runner that failed without a failed test counts 1 failed. */
function addRunner(label, code, counts) {
  if (counts) {
    summary.passed += counts.passed;
    summary.failed += counts.failed;
    notes.push(`${label}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
  }
  if (code !== 0 && (!counts || counts.failed === 0)) {
    summary.failed += 1;
    notes.push(`${label} exited ${code} without reporting a failed test${counts ? '' : ' (no JSON report)'}`);
  }
}

// 1. The browsers for the e2e tests.
await step('ensure-browsers', 'bash', ['scripts/ensure-browsers.sh']);

// 2. Types and lint.
await step('check', 'npm', ['run', 'check']);

/** Runs vitest with a JSON report and adds its counts. */
async function vitestRunner(label, jsonFile, extraArgs) {
  rmSync(jsonFile, { force: true });
  const code = await run(label, 'npx', [
    'vitest',
    'run',
    ...extraArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${path.relative(root, jsonFile)}`,
  ]);
  const report = readJson(jsonFile);
  const counts = report
    ? {
        passed: report.numPassedTests ?? 0,
        failed: report.numFailedTests ?? 0,
        skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
      }
    : null;
  // A test file that fails to load (or whose beforeAll fails) is a failed suite with no failed test.
  if (counts && report.numFailedTestSuites > 0 && counts.failed === 0) {
    counts.failed += 1;
    notes.push(`${label}: ${report.numFailedTestSuites} test file(s) failed to run`);
  }
  addRunner(label, code, counts);
}

// 3. Unit tests.
await vitestRunner('vitest', VITEST_JSON, []);

// 4. The extension.
const built = await step('build', 'npm', ['run', 'build']);

// 5. End-to-end tests against the build (pointless against a stale or missing one).
if (built) {
  rmSync(PLAYWRIGHT_JSON, { force: true });
  const code = await run('playwright', 'npx', ['playwright', 'test'], {
    PLAYWRIGHT_JSON_OUTPUT_FILE: PLAYWRIGHT_JSON,
  });
  const report = readJson(PLAYWRIGHT_JSON);
  const stats = report?.stats;
  const counts = stats
    ? {
        passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
        failed: stats.unexpected ?? 0,
        skipped: stats.skipped ?? 0,
      }
    : null;
  if (counts && Array.isArray(report.errors) && report.errors.length > 0 && counts.failed === 0) {
    counts.failed += 1;
    notes.push(`playwright: ${report.errors.length} error(s) outside tests`);
  }
  addRunner('playwright', code, counts);
} else {
  notes.push('playwright: skipped because the build failed');
}

// 6. The Firefox build must pass web-ext lint (after the e2e tests: it builds into its own folder).
const firefoxBuilt = await step('firefox', 'npm', ['run', 'lint:firefox']);

// 7. The Firefox suite against that build, in Debian's Firefox ESR.
if (firefoxBuilt) await vitestRunner('firefox-e2e', FIREFOX_JSON, ['--config', 'vitest.firefox.config.ts']);
else notes.push('firefox-e2e: skipped because the Firefox build or lint failed');

const line = `${summary.passed} passed, ${summary.failed} failed`;
writeFileSync(path.join(artifacts, 'summary.txt'), `${notes.join('\n')}\n${line}\n`);
console.log('\n=== summary');
for (const note of notes) console.log(`  ${note}`);
if (!existsSync(PLAYWRIGHT_JSON) && built) console.log('  (no artifacts/playwright.json)');
console.log(line);
process.exitCode = summary.failed > 0 ? 1 : 0;
