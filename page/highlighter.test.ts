// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { Highlighter, highlightCss } from './highlighter';
import { createSessionNames, type SessionNames } from './session-names';

/** Happy DOM has no Custom Highlight API: a registry and Highlight as the spec shapes them (a Map of Sets of ranges). */
class FakeHighlight extends Set<Range> {
  constructor(...ranges: Range[]) {
    super(ranges);
  }
}

/** Happy DOM's `CSS` (a getter that makes a new object each time), put back after each test. */
const originalCss = Object.getOwnPropertyDescriptor(window, 'CSS');

function installHighlightApi(): Map<string, FakeHighlight> {
  const registry = new Map<string, FakeHighlight>();
  Object.defineProperty(window, 'Highlight', { value: FakeHighlight, configurable: true, writable: true });
  Object.defineProperty(window, 'CSS', { value: { highlights: registry }, configurable: true, writable: true });
  return registry;
}

function removeHighlightApi(): void {
  delete (window as unknown as Record<string, unknown>).Highlight;
  if (originalCss) Object.defineProperty(window, 'CSS', originalCss);
}

afterEach(removeHighlightApi);

function paragraph(text: string): Text {
  const p = document.createElement('p');
  p.textContent = text;
  document.body.replaceChildren(p);
  return p.firstChild as Text;
}

function rangeOf(node: Text, phrase: string): Range {
  const start = node.data.indexOf(phrase);
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, start + phrase.length);
  return range;
}

const sizes = (registry: Map<string, FakeHighlight>, names: SessionNames): number[] =>
  [names.highlight, names.rewrittenHighlight, names.activeHighlight, names.rewrittenActiveHighlight].map((name) => registry.get(name)?.size ?? 0);

/** A registry, a highlighter and one copied passage painted with it. */
function paintOnePassage(): { registry: Map<string, FakeHighlight>; names: SessionNames; range: Range; highlighter: Highlighter } {
  const registry = installHighlightApi();
  const names = createSessionNames();
  const range = rangeOf(paragraph('The council approved the budget on Tuesday.'), 'approved the budget');
  const highlighter = new Highlighter(document, names);
  highlighter.add([range]);
  return { registry, names, range, highlighter };
}

describe('Highlighter with the Highlight API', () => {
  it('paints copied and rewritten ranges under their own names and the active one under its kind’s active name', () => {
    const registry = installHighlightApi();
    const names = createSessionNames();
    const text = paragraph('The council approved the budget. Schools get new roofs next year.');
    const copied = rangeOf(text, 'The council approved the budget.');
    const rewritten = rangeOf(text, 'Schools get new roofs');
    const highlighter = new Highlighter(document, names);
    highlighter.add([copied]);
    highlighter.add([rewritten], 'rewritten');
    expect(sizes(registry, names)).toEqual([1, 1, 0, 0]);
    highlighter.setActive(rewritten);
    expect(sizes(registry, names)).toEqual([1, 1, 0, 1]);
    highlighter.setActive(copied);
    expect(sizes(registry, names)).toEqual([1, 1, 1, 0]);
    expect(registry.get(names.activeHighlight)?.has(copied)).toBe(true);
    expect([...highlighter.painted]).toEqual([copied, rewritten]);
    expect(text.parentElement!.innerHTML).toBe('The council approved the budget. Schools get new roofs next year.');
  });

  it('removes names with nothing left to paint, and clears every trace', () => {
    const { registry, range, highlighter } = paintOnePassage();
    highlighter.setActive(range);
    highlighter.remove([range]);
    expect([...registry.keys()]).toEqual([]);
    highlighter.add([range], 'rewritten');
    highlighter.clear();
    expect([...registry.keys()]).toEqual([]);
    expect(highlighter.painted.size).toBe(0);
  });

  it('repaints what the page cleared, deleted or replaced, and reports an intact registry as such', () => {
    const { registry, names, range, highlighter } = paintOnePassage();
    expect(highlighter.repair()).toBe(false);

    registry.clear();
    expect(highlighter.repair()).toBe(true);
    expect(registry.get(names.highlight)?.has(range)).toBe(true);

    registry.set(names.highlight, new FakeHighlight());
    expect(highlighter.repair()).toBe(true);
    expect(registry.get(names.highlight)?.size).toBe(1);

    registry.get(names.highlight)!.clear();
    expect(highlighter.repair()).toBe(true);
    expect(registry.get(names.highlight)?.size).toBe(1);
  });

  it('registers nothing anew when given no ranges', () => {
    const { registry, names, highlighter } = paintOnePassage();
    const entry = registry.get(names.highlight);
    highlighter.add([], 'rewritten');
    expect(registry.get(names.highlight)).toBe(entry);
  });

  it('keeps painting when the page replaces CSS.highlights after start', () => {
    const registry = installHighlightApi();
    const names = createSessionNames();
    const highlighter = new Highlighter(document, names);
    Object.defineProperty(window, 'CSS', { value: { highlights: new Map() }, configurable: true });
    const text = paragraph('The council approved the budget on Tuesday.');
    highlighter.add([rangeOf(text, 'approved the budget')]);
    expect(registry.get(names.highlight)?.size).toBe(1);
  });
});

describe('Highlighter without the Highlight API', () => {
  it('wraps each range in the session’s element, marks rewritten and active ones, and unwraps to the original text', () => {
    removeHighlightApi();
    const names = createSessionNames();
    const p = document.createElement('p');
    p.innerHTML = 'The council <em>approved the budget</em> on Tuesday.'; // fixture markup
    const second = Object.assign(document.createElement('p'), { textContent: 'Schools get new roofs.' });
    document.body.replaceChildren(p, second);
    const before = document.body.innerHTML;
    const copied = document.createRange();
    copied.setStart(p.firstChild!, 4);
    copied.setEnd(p.lastChild!, ' on Tuesday'.length);
    const rewritten = rangeOf(second.firstChild as Text, 'Schools get new roofs');
    const highlighter = new Highlighter(document, names);
    highlighter.add([copied]);
    highlighter.add([rewritten], 'rewritten');
    const marks = [...document.body.querySelectorAll(names.fallbackTag)];
    expect(marks.map((m) => m.textContent)).toEqual(['council ', 'approved the budget', ' on Tuesday', 'Schools get new roofs']);
    expect(marks.map((m) => m.getAttribute('data-kind'))).toEqual([null, null, null, 'rewritten']);
    expect(document.body.textContent).toBe('The council approved the budget on Tuesday.Schools get new roofs.');

    highlighter.setActive(rewritten);
    expect(marks.map((m) => m.hasAttribute('data-active'))).toEqual([false, false, false, true]);

    highlighter.clear();
    expect(document.body.querySelectorAll(names.fallbackTag)).toHaveLength(0);
    document.body.normalize();
    expect(document.body.innerHTML).toBe(before);
  });
});

describe('highlightCss', () => {
  const names = createSessionNames(() => new Uint8Array(8).fill(7));

  it('styles the session’s copied names with the reader’s colour, stronger when active', () => {
    const css = highlightCss({ style: 'background', color: '#ff8800' }, false, names);
    expect(css).toContain(`::highlight(${names.highlight}) { background-color: rgba(255, 136, 0, 0.38)`);
    expect(css).toContain(`::highlight(${names.activeHighlight}) { background-color: rgba(255, 136, 0, 0.68)`);
    expect(css).toContain(`${names.fallbackTag}[data-active]`);
    expect(css).not.toContain(names.rewrittenHighlight);
  });

  it('paints more strongly on dark pages', () => {
    expect(highlightCss({ style: 'background', color: '#ff8800' }, true, names)).toContain('rgba(255, 136, 0, 0.5)');
  });

  it('gives rewritten passages their own names and the chosen style', () => {
    const css = highlightCss({ style: 'wavy', color: '#8250df' }, false, names, 'rewritten');
    expect(css).toContain(`::highlight(${names.rewrittenHighlight}) { background-color: transparent; text-decoration: underline wavy rgba(130, 80, 223, 1) 2px; }`);
    expect(css).toContain(`${names.fallbackTag}[data-kind="rewritten"]`);
    expect(css).not.toContain(`::highlight(${names.highlight})`);
  });
});
