/**
 * Small DOM helpers shared by the popup and the options page. Text goes in
 * through `textContent` only: data is never parsed as HTML.
 */

type Child = Node | string | null | undefined | false;

/** Creates `<tag>` with attributes (`false`/`undefined` values are left out) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

/** Appends children; strings become text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

let uid = 0;
/** A document-unique id for labelling (`for`, `aria-describedby`). */
export function uniqueId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled switch: a real checkbox with `role="switch"` inside its `<label>`. */
export function switchControl(label: string, checked: boolean, onChange: (checked: boolean) => void): { root: HTMLLabelElement; input: HTMLInputElement } {
  const input = el('input', { type: 'checkbox', role: 'switch', class: 'switch' });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  const root = el('label', { class: 'switch-row' }, input, el('span', { class: 'switch-label' }, label));
  return { root, input };
}

/** Formats a number for the user's locale. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat().format(value);
}

/** A publication date (`YYYY-MM-DD` or ISO timestamp) for display; the input itself if unparsable. */
export function formatDate(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', ...(dateOnly ? { timeZone: 'UTC' } : {}) }).format(time);
}
