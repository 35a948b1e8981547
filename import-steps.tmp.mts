import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extensionLaunchOptions, unpackedExtensionId } from '/work/main/scripts/browser';
import { generateLargeCorpus } from '/work/main/scripts/large-corpus';
const trees = { before: '/tmp/sourcelight-baseline-826912d07958/.output/chrome-mv3', after: '/work/main/.output/chrome-mv3' };
const corpus = generateLargeCorpus({ articles: 10_000, wordsPerArticle: 600 });
const dir = mkdtempSync(path.join(os.tmpdir(), 'imp-'));
const file = path.join(dir, 'wire.jsonl');
writeFileSync(file, corpus.jsonl);
for (const round of [1, 2]) {
  for (const [name, src] of Object.entries(trees)) {
    const ext = path.join(dir, `ext-${name}-${round}`);
    cpSync(src, ext, { recursive: true });
    const context = await chromium.launchPersistentContext(mkdtempSync(path.join(dir, 'p-')), extensionLaunchOptions(ext, { headless: true }));
    const id = unpackedExtensionId(ext);
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/options.html`);
    await page.waitForSelector('input[name=corpusFiles]');
    const t0 = Date.now();
    await page.locator('input[name=corpusFiles]').setInputFiles(file);
    const steps: [string, number][] = [];
    let last = '';
    for (;;) {
      const text = await page.evaluate(() => (document.querySelector('.import-progress')?.textContent ?? '') + '|' + (document.querySelector('.corpora-status')?.textContent ?? ''));
      const key = text.replace(/[\d,]+ of [\d,]+/, 'n').replace(/\d+/g, '#');
      if (key !== last) { steps.push([text.slice(0, 60), (Date.now() - t0) / 1000]); last = key; }
      if (text.includes('Imported')) break;
      if (Date.now() - t0 > 300_000) break;
      await page.waitForTimeout(50);
    }
    console.log(name, round, JSON.stringify(steps.map(([t, s]) => `${s.toFixed(1)}s ${t}`)));
    await context.close();
  }
}
rmSync(dir, { recursive: true, force: true });
