// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { TextModel } from './text-model';

function modelOf(html: string): { model: TextModel; root: HTMLElement } {
  const root = document.createElement('div');
  root.innerHTML = html; // test fixture markup, not data
  document.body.replaceChildren(root);
  return { model: TextModel.read(root), root };
}

describe('TextModel', () => {
  it('separates blocks so headings and paragraphs do not glue', () => {
    const { model } = modelOf('<h1>Alpha</h1><p>Beta</p>');
    expect(model.text.replace(/\n+/g, '|').replace(/^\||\|$/g, '')).toBe('Alpha|Beta');
  });

  it('keeps inline markup and drop caps inside their word, and reads <br> as a space', () => {
    const { model } = modelOf('<p><span class="dropcap">T</span>he <a href="#">camp <em>was</em></a> closed<br>today</p>');
    expect(model.text.trim()).toBe('The camp was closed today');
  });

  it('skips scripts, styles, form fields, hidden and aria-hidden subtrees', () => {
    const { model } = modelOf(
      '<p>seen</p><script>var x = 1;</script><style>p{}</style><textarea>typed</textarea><input value="v">' +
        '<div hidden>hidden</div><div aria-hidden="true">aria</div><div contenteditable="true">editing</div><p>also seen</p>',
    );
    expect(model.text.split(/\s+/).filter(Boolean)).toEqual(['seen', 'also', 'seen']);
  });

  it('maps model offsets back to the exact characters of the text nodes', () => {
    const { model } = modelOf('<p>State <b>Department</b> spokesman</p><p>Ian Kelly said</p>');
    const start = model.text.indexOf('Department');
    const end = model.text.indexOf('Kelly') + 'Kelly'.length;
    const range = model.rangeFor(start, end)!;
    expect(range.toString()).toBe('Department spokesmanIan Kelly');
    expect(range.startContainer.textContent).toBe('Department');
    expect(range.startOffset).toBe(0);
    expect(range.endContainer.textContent).toBe('Ian Kelly said');
    expect(range.endOffset).toBe('Ian Kelly'.length);
  });

  it('ends a range at the end of the node before a boundary, not at the start of the next', () => {
    const { model } = modelOf('<p>one <em>two</em></p><p>three</p>');
    const end = model.text.indexOf('two') + 3;
    const point = model.pointAt(end, 'end')!;
    expect(point.node.data).toBe('two');
    expect(point.offset).toBe(3);
    const start = model.pointAt(model.text.indexOf('three'), 'start')!;
    expect(start.node.data).toBe('three');
    expect(start.offset).toBe(0);
  });

  it('reads in slices with the same result as at once', () => {
    const html = Array.from({ length: 300 }, (_, i) => `<p>para ${i} <em>x</em> y</p>`).join('');
    const { model, root } = modelOf(html);
    const reader = TextModel.reader(root);
    let steps = 0;
    while (!reader.step(() => true)) steps++;
    expect(steps).toBeGreaterThan(1);
    expect(reader.result().text).toBe(model.text);
  });
});
