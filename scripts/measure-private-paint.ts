/**
 * What painting private passages with the overlay (page/overlay-painter.ts)
 * costs the reader, against the CSS highlight registry used for public ones:
 *
 *   npx tsx scripts/measure-private-paint.ts [--passages 100] [--runs 15]
 *
 * Both painters are bundled with esbuild and run in headless Chromium on a
 * page of `--passages` paragraphs, one painted passage of 3 lines each. Times
 * are main-thread script + style + layout (the paint itself runs off the main
 * thread for both), median over `--runs`:
 *
 * - paint: `add()` of every range, then a forced layout;
 * - relayout: what the overlay does when a scroller inside the page scrolls, the
 *   window is resized or the layout changes (`layout()`: read
 *   every range's client rects, move the boxes that moved). Scrolling the
 *   document itself costs nothing: the boxes are in document coordinates.
 */
import { build } from 'esbuild';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, PROJECT_ROOT } from './browser';

const { values } = parseArgs({ options: { passages: { type: 'string', default: '100' }, runs: { type: 'string', default: '15' } } });
const passages = Number(values.passages);
const runs = Number(values.runs);

const entry = `
import { Highlighter, HighlightStyle } from './page/highlighter';
import { OverlayPainter } from './page/overlay-painter';
import { createSessionNames } from './page/session-names';
window.__painters = { Highlighter, HighlightStyle, OverlayPainter, createSessionNames };
`;
const bundle = await build({
  stdin: { contents: entry, resolveDir: PROJECT_ROOT, loader: 'ts' },
  bundle: true,
  write: false,
  format: 'iife',
  target: 'chrome120',
});
const script = bundle.outputFiles[0]!.text;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
const sentence = 'The officials said the relocation of the residents would be carried out in a lawful and humane way before the end of the year, ';
await page.setContent(
  `<!doctype html><body style="font: 16px/1.5 serif; max-width: 700px; margin: 20px auto">` +
    Array.from({ length: passages }, (_, i) => `<p>Paragraph ${i}. ${sentence.repeat(3)}Closing words.</p>`).join('') +
    `</body>`,
);
await page.addScriptTag({ content: script });
// tsx compiles this file with esbuild's keepNames: functions sent to the page call its `__name` helper.
await page.addScriptTag({ content: 'window.__name = (fn) => fn;' });

interface Painters {
  Highlighter: new (d: Document, n: unknown) => { add(r: Range[]): void; clear(): void };
  HighlightStyle: new (d: Document, n: unknown) => { apply(a: unknown): void; adoptInto(r: Document): void; remove(): void };
  OverlayPainter: new (d: Document) => { attach(): void; apply(a: unknown, dark: boolean): void; add(r: Range[]): void; layout(): number; detach(): void };
  createSessionNames(): unknown;
}

const result = await page.evaluate(
  ({ runs }) => {
    const { Highlighter, HighlightStyle, OverlayPainter, createSessionNames } = (window as unknown as { __painters: Painters }).__painters;
    const appearance = { style: 'background', color: '#ffc800' };
    const ranges = (): Range[] =>
      [...document.querySelectorAll('p')].map((p) => {
        const text = p.firstChild as Text;
        const range = document.createRange();
        range.setStart(text, text.data.indexOf('The officials'));
        range.setEnd(text, text.data.indexOf('Closing'));
        return range;
      });
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const forceLayout = (): number => document.body.getBoundingClientRect().height;
    const registryPaint: number[] = [];
    const overlayPaint: number[] = [];
    const overlayScroll: number[] = [];
    const overlayMoved: number[] = [];
    let boxes = 0;
    for (let run = 0; run < runs; run++) {
      const names = createSessionNames();
      const list = ranges();
      let t = performance.now();
      const style = new HighlightStyle(document, names);
      style.apply(appearance);
      style.adoptInto(document);
      const highlighter = new Highlighter(document, names);
      highlighter.add(list);
      forceLayout();
      registryPaint.push(performance.now() - t);
      highlighter.clear();
      style.remove();

      t = performance.now();
      const overlay = new OverlayPainter(document);
      overlay.attach();
      overlay.apply(appearance, false);
      overlay.add(list);
      boxes = overlay.layout();
      forceLayout();
      overlayPaint.push(performance.now() - t);
      t = performance.now();
      overlay.layout();
      forceLayout();
      overlayScroll.push(performance.now() - t);
      document.body.style.paddingTop = `${run + 1}px`;
      t = performance.now();
      overlay.layout();
      forceLayout();
      overlayMoved.push(performance.now() - t);
      document.body.style.paddingTop = '';
      overlay.detach();
    }
    return { registryPaint: median(registryPaint), overlayPaint: median(overlayPaint), overlayScroll: median(overlayScroll), overlayMoved: median(overlayMoved), boxes };
  },
  { runs },
);
await browser.close();
const ms = (value: number): string => `${value.toFixed(2)} ms`;
console.log(`${passages} passages (${result.boxes} line boxes), median of ${runs} runs, Chromium ${browser.version()}`);
console.log(`paint, highlight registry (public): ${ms(result.registryPaint)}`);
console.log(`paint, overlay (private):           ${ms(result.overlayPaint)}`);
console.log(`relayout, registry:                 0 ms (no script)`);
console.log(`relayout, overlay, nothing moved:   ${ms(result.overlayScroll)}`);
console.log(`relayout, overlay, every box moved: ${ms(result.overlayMoved)}`);
