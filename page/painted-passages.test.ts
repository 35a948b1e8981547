// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { compareRanges, isStillPainted, PaintedPassages, type PaintedPassage } from './painted-passages';

const sendMessage = vi.hoisted(() => vi.fn((..._args: unknown[]) => Promise.resolve()));
vi.mock('../extension/messages', () => ({ sendMessage }));

/** A passage over the whole text of `element`. */
function passageOver(element: Element, fields: Partial<PaintedPassage> = {}): PaintedPassage {
  const range = document.createRange();
  range.selectNodeContents(element.firstChild!);
  return { range, text: element.textContent ?? '', matches: [], kind: 'copied', private: false, ...fields };
}

function paragraphs(...texts: string[]): HTMLParagraphElement[] {
  const elements = texts.map((text) => Object.assign(document.createElement('p'), { textContent: text }));
  document.body.replaceChildren(...elements);
  return elements;
}

const painter = { add: vi.fn(), remove: vi.fn() };

beforeEach(() => {
  sendMessage.mockClear();
  painter.add.mockClear();
  painter.remove.mockClear();
});

describe('PaintedPassages', () => {
  it('keeps passages in document order whatever order they were found in, and paints only new ones', () => {
    const [a, b, c] = paragraphs('First passage.', 'Second passage.', 'Third passage.');
    const passages = new PaintedPassages(painter, new AbortController().signal);
    const third = passageOver(c!);
    const first = passageOver(a!);
    passages.add([third, first]);
    const second = passageOver(b!);
    passages.add([second, passageOver(a!)]);
    expect(passages.all).toEqual([first, second, third]);
    expect(painter.add.mock.calls.map(([added]) => (added as PaintedPassage[]).length)).toEqual([2, 1]);
  });

  it('tells a public and a private passage over the same text apart', () => {
    const [a] = paragraphs('One passage.');
    const passages = new PaintedPassages(painter, new AbortController().signal);
    passages.add([passageOver(a!), passageOver(a!, { private: true })]);
    expect(passages.all.map((p) => p.private)).toEqual([false, true]);
  });

  it('reports the count and the rewritten count for the badge only when they change', () => {
    const [a, b] = paragraphs('Copied passage.', 'Rewritten passage.');
    const passages = new PaintedPassages(painter, new AbortController().signal);
    const copied = passageOver(a!);
    passages.add([copied, passageOver(b!, { kind: 'rewritten' })]);
    passages.add([passageOver(a!)]);
    passages.remove([copied]);
    expect(sendMessage.mock.calls).toEqual([
      ['reportPassageCount', { count: 2, rewritten: 1 }],
      ['reportPassageCount', { count: 1, rewritten: 1 }],
    ]);
  });

  it('tells its listeners what it removed, and reports nothing after the signal aborts', () => {
    const [a, b] = paragraphs('Kept passage.', 'Removed passage.');
    const controller = new AbortController();
    const passages = new PaintedPassages(painter, controller.signal);
    const kept = passageOver(a!);
    const removed = passageOver(b!);
    passages.add([kept, removed]);
    const listener = vi.fn();
    passages.onRemove(listener);
    passages.remove([removed]);
    expect(listener).toHaveBeenCalledWith(new Set([removed]));
    expect(passages.all).toEqual([kept]);
    controller.abort();
    sendMessage.mockClear();
    expect(passages.all).toEqual([]);
    passages.add([passageOver(b!)]);
    expect(sendMessage).not.toHaveBeenCalled();
  });
});

describe('compareRanges', () => {
  it('orders a passage in a shadow root by its host’s place in the document', () => {
    const [before, after] = paragraphs('Before the widget.', 'After the widget.');
    const host = document.createElement('div');
    before!.after(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const inside = Object.assign(document.createElement('p'), { textContent: 'Inside the widget.' });
    shadow.append(inside);
    const ranges = [after!, inside, before!].map((element) => passageOver(element).range);
    ranges.sort(compareRanges);
    expect(ranges.map((r) => r.toString())).toEqual(['Before the widget.', 'Inside the widget.', 'After the widget.']);
  });
});

describe('isStillPainted', () => {
  it('is false once a framework replaced the passage’s text', () => {
    const [a] = paragraphs('A passage the page will re-render.');
    const passage = passageOver(a!);
    expect(isStillPainted(passage)).toBe(true);
    a!.textContent = 'Other text';
    expect(isStillPainted(passage)).toBe(false);
  });
});
