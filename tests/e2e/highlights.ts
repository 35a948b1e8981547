/**
 * Reading the extension's highlights (CSS Custom Highlight API) from a page.
 *
 * A passage may be painted as one Range or as several (one per text node, say),
 * and the same text may be painted twice when several sources share it. So the
 * tests do not compare ranges one to one: they compute which characters of the
 * page are covered by any range of a highlight and read back the maximal
 * covered runs ("passages") in document order. Runs separated only by
 * uncovered whitespace or by a `<br>` are one passage.
 */
import type { Page } from '@playwright/test';

/**
 * The extension's highlight names are random per run (page/session-names.ts);
 * the tests find them by role: rewritten ones end in "-r", active ones in "-active".
 */
export const HIGHLIGHT = 'sourcelight';
export const ACTIVE_HIGHLIGHT = 'sourcelight-active';
/** Highlights of rewritten passages (reworded, reordered, condensed), painted apart from copied ones. */
export const REWRITTEN_HIGHLIGHT = 'sourcelight-rewritten';
export const REWRITTEN_ACTIVE_HIGHLIGHT = 'sourcelight-rewritten-active';

/** Collapses runs of whitespace (including NBSP) to one space and trims. */
export function normalizeSpace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

export interface HighlightSnapshot {
  /** Number of ranges in the highlight (0 when it is not registered). */
  size: number;
  /** Text of every range (`<br>` read as a space), whitespace-normalized, in registration order. */
  rangeTexts: string[];
  /** Maximal covered runs of page text, whitespace-normalized, in document order. */
  passages: string[];
}

/** Runs in the page (Playwright or puppeteer `evaluate`): computes the covered passages of `name` under `rootSelector`. */
export function snapshotInPage({ name, rootSelector }: { name: string; rootSelector: string }): HighlightSnapshot {
  const norm = (text: string): string => text.replace(/[\s\u00a0]+/g, ' ').trim();
  // Roles of the random names: "<h>", "<h>-active", "<h>-r" (rewritten), "<h>-r-active".
  const role = (key: string): string => `${/-r(-active)?$/.test(key) ? 'rewritten' : 'copied'}|${key.endsWith('-active')}`;
  const wanted = `${name.includes('rewritten') ? 'rewritten' : 'copied'}|${name.endsWith('-active')}`;
  const highlight = [...CSS.highlights].find(([key]) => role(key) === wanted)?.[1];
  const root = document.querySelector(rootSelector) ?? document.body;
  if (!highlight) return { size: 0, rangeTexts: [], passages: [] };

  const ranges: Range[] = [];
  for (const abstract of highlight as unknown as Iterable<AbstractRange>) {
    if (abstract instanceof Range) {
      ranges.push(abstract);
      continue;
    }
    try {
      const range = document.createRange();
      range.setStart(abstract.startContainer, abstract.startOffset);
      range.setEnd(abstract.endContainer, abstract.endOffset);
      ranges.push(range);
    } catch {
      // A StaticRange left dangling by a DOM change covers nothing.
    }
  }

  const coverage = new Map<Text, Uint8Array>();
  const textWalker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = textWalker.nextNode() as Text | null; node; node = textWalker.nextNode() as Text | null) {
    for (const range of ranges) {
      if (!range.intersectsNode(node)) continue;
      const from = node === range.startContainer ? range.startOffset : 0;
      const to = node === range.endContainer ? range.endOffset : node.length;
      if (to <= from) continue;
      let covered = coverage.get(node);
      if (!covered) coverage.set(node, (covered = new Uint8Array(node.length)));
      covered.fill(1, from, to);
    }
  }

  const passages: string[] = [];
  let current: string | null = null;
  let pendingSpace = false;
  const close = (): void => {
    if (current !== null) passages.push(norm(current));
    current = null;
    pendingSpace = false;
  };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      if ((node as Element).localName === 'br' && current !== null) pendingSpace = true;
      continue;
    }
    const text = node as Text;
    if (text.parentElement?.closest('script, style, template, noscript')) continue;
    const covered = coverage.get(text);
    const data = text.data;
    for (let i = 0; i < data.length; i++) {
      const ch = data[i]!;
      if (covered?.[i]) {
        if (current === null) current = '';
        else if (pendingSpace) current += ' ';
        pendingSpace = false;
        current += ch;
      } else if (/[\s\u00a0]/.test(ch)) {
        if (current !== null) pendingSpace = true;
      } else {
        close();
      }
    }
  }
  close();

  // Like range.toString(), but a <br> reads as a space, as it does on screen.
  const rangeText = (range: Range): string => {
    const fragment = range.cloneContents();
    for (const br of fragment.querySelectorAll('br')) br.replaceWith(' ');
    return norm(fragment.textContent ?? '');
  };
  return { size: highlight.size, rangeTexts: ranges.map(rangeText), passages };
}

/** Snapshot of highlight `name` (default: all matches), restricted to `rootSelector` if given. */
export async function readHighlight(page: Page, name = HIGHLIGHT, rootSelector = 'body'): Promise<HighlightSnapshot> {
  return page.evaluate(snapshotInPage, { name, rootSelector });
}

/** Covered passages of the extension's (non-active) highlight, in document order. */
export async function highlightedPassages(page: Page, rootSelector = 'body'): Promise<string[]> {
  return (await readHighlight(page, HIGHLIGHT, rootSelector)).passages;
}

/** Whether the text node at the start of `selector` has its first character highlighted. */
export async function firstCharHighlighted(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(
    ({ selector, name }) => {
      const element = document.querySelector(selector);
      // Roles of the random names: "<h>", "<h>-active", "<h>-r" (rewritten), "<h>-r-active".
      const role = (key: string): string => `${/-r(-active)?$/.test(key) ? 'rewritten' : 'copied'}|${key.endsWith('-active')}`;
      const wanted = `${name.includes('rewritten') ? 'rewritten' : 'copied'}|${name.endsWith('-active')}`;
      const highlight = [...CSS.highlights].find(([key]) => role(key) === wanted)?.[1];
      if (!element || !highlight) return false;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      const text = walker.nextNode() as Text | null;
      if (!text) return false;
      for (const abstract of highlight as unknown as Iterable<AbstractRange>) {
        const range = document.createRange();
        range.setStart(abstract.startContainer, abstract.startOffset);
        range.setEnd(abstract.endContainer, abstract.endOffset);
        if (range.comparePoint(text, 0) === 0 && range.comparePoint(text, 1) === 0) return true;
      }
      return false;
    },
    { selector, name: HIGHLIGHT },
  );
}

/** How to bring a range into view: centre it, or scroll only as much as needed. */
export type ScrollMode = 'center' | 'if-needed';

/**
 * Scrolls the first highlighted range whose text contains `phrase` into view and
 * returns the centre of its first client rect, in viewport coordinates.
 */
export async function highlightPoint(
  page: Page,
  phrase: string,
  scroll: ScrollMode = 'center',
  name = HIGHLIGHT,
): Promise<{ x: number; y: number; text: string }> {
  const found = await page.evaluate(
    ({ phrase, name, scroll }) => {
      const norm = (text: string): string => text.replace(/[\s\u00a0]+/g, ' ').trim();
      // Roles of the random names: "<h>", "<h>-active", "<h>-r" (rewritten), "<h>-r-active".
      const role = (key: string): string => `${/-r(-active)?$/.test(key) ? 'rewritten' : 'copied'}|${key.endsWith('-active')}`;
      const wanted = `${name.includes('rewritten') ? 'rewritten' : 'copied'}|${name.endsWith('-active')}`;
      const highlight = [...CSS.highlights].find(([key]) => role(key) === wanted)?.[1];
      if (!highlight) return null;
      for (const abstract of highlight as unknown as Iterable<AbstractRange>) {
        const range = document.createRange();
        range.setStart(abstract.startContainer, abstract.startOffset);
        range.setEnd(abstract.endContainer, abstract.endOffset);
        const text = norm(range.toString());
        if (!text.includes(phrase)) continue;
        const anchor = range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement;
        anchor?.scrollIntoView({ block: scroll === 'center' ? 'center' : 'nearest', inline: 'nearest', behavior: 'instant' });
        const rect = range.getClientRects()[0];
        if (!rect) return null;
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2, text };
      }
      return null;
    },
    { phrase, name, scroll },
  );
  if (!found) throw new Error(`No highlighted range contains "${phrase}"`);
  return found;
}

/**
 * Moves the mouse onto the first highlighted range containing `phrase` (any
 * range when `phrase` is empty); returns the range's text.
 */
export async function hoverHighlight(page: Page, phrase: string, scroll: ScrollMode = 'center', name = HIGHLIGHT): Promise<string> {
  const point = await highlightPoint(page, phrase, scroll, name);
  // Start from a corner with no text, then land on the range and nudge once, so
  // the extension sees a pointer that arrives and rests there.
  await page.mouse.move(1, 1);
  await page.mouse.move(point.x, point.y);
  await page.mouse.move(point.x + 1, point.y);
  return point.text;
}
