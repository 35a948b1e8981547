/**
 * Paints ranges with the CSS Custom Highlight API
 * (https://developer.mozilla.org/docs/Web/API/CSS_Custom_Highlight_API): the
 * page's DOM is never touched, so its scripts, layout and selection keep working.
 * Where the API is missing, ranges are wrapped in a custom element instead.
 */

/** Highlight registry name for every match. */
export const HIGHLIGHT_NAME = 'sourcelight';
/** Highlight registry name for the match under the pointer or keyboard focus. */
export const ACTIVE_HIGHLIGHT_NAME = 'sourcelight-active';
/** Highlight registry name for rewritten matches, which have their own paint. */
export const REWRITTEN_HIGHLIGHT_NAME = 'sourcelight-rewritten';
/** Highlight registry name for the rewritten match under the pointer or keyboard focus. */
export const REWRITTEN_ACTIVE_HIGHLIGHT_NAME = 'sourcelight-rewritten-active';
/** Custom element used to wrap matches where the Highlight API is missing. */
export const FALLBACK_TAG = 'sourcelight-mark';
/** Attribute of fallback elements that wrap a rewritten match (`data-kind="rewritten"`). */
export const FALLBACK_KIND_ATTRIBUTE = 'data-kind';

/** How a painted passage was reused; each kind is painted under its own names. */
export type HighlightKind = 'copied' | 'rewritten';

/** Paints and unpaints ranges in one document. */
export class Highlighter {
  private readonly ranges = new Set<Range>();
  /** Ranges painted as rewritten; every other range is copied. */
  private readonly rewritten = new Set<Range>();
  private active: Range | null = null;
  private readonly wrappers = new Map<Range, HTMLElement[]>();
  private readonly useRegistry: boolean;

  constructor(private readonly document: Document) {
    const view = document.defaultView;
    // Captured once: a page that later replaces `CSS` or `Highlight` cannot break painting.
    this.useRegistry = Boolean(view && 'Highlight' in view && view.CSS && 'highlights' in view.CSS);
    this.registry = this.useRegistry ? view!.CSS.highlights : null;
    this.HighlightClass = this.useRegistry ? view!.Highlight : null;
  }

  private readonly registry: HighlightRegistry | null;
  private readonly HighlightClass: typeof Highlight | null;

  /** Paints `ranges`, of one kind, in addition to those already painted. */
  add(ranges: Iterable<Range>, kind: HighlightKind = 'copied'): void {
    for (const range of ranges) {
      this.ranges.add(range);
      if (kind === 'rewritten') this.rewritten.add(range);
      if (!this.useRegistry) this.wrap(range, kind);
    }
    this.sync();
  }

  /** Stops painting `ranges`. */
  remove(ranges: Iterable<Range>): void {
    for (const range of ranges) {
      this.ranges.delete(range);
      this.rewritten.delete(range);
      if (this.active === range) this.active = null;
      this.unwrap(range);
    }
    this.sync();
  }

  /** Marks one painted range as the active one (hovered or focused), or none. */
  setActive(range: Range | null): void {
    if (this.active === range) return;
    this.active = range;
    this.sync();
  }

  /** Removes every highlight this instance painted. */
  clear(): void {
    this.remove([...this.ranges]);
    this.registry?.delete(HIGHLIGHT_NAME);
    this.registry?.delete(ACTIVE_HIGHLIGHT_NAME);
    this.registry?.delete(REWRITTEN_HIGHLIGHT_NAME);
    this.registry?.delete(REWRITTEN_ACTIVE_HIGHLIGHT_NAME);
  }

  /** The ranges painted now. */
  get painted(): ReadonlySet<Range> {
    return this.ranges;
  }

  private sync(): void {
    if (this.registry && this.HighlightClass) {
      const copied = [...this.ranges].filter((range) => !this.rewritten.has(range));
      const activeRewritten = this.active !== null && this.rewritten.has(this.active);
      const names: [string, Range[]][] = [
        [HIGHLIGHT_NAME, copied],
        [REWRITTEN_HIGHLIGHT_NAME, [...this.rewritten]],
        [ACTIVE_HIGHLIGHT_NAME, this.active && !activeRewritten ? [this.active] : []],
        [REWRITTEN_ACTIVE_HIGHLIGHT_NAME, this.active && activeRewritten ? [this.active] : []],
      ];
      for (const [name, ranges] of names) {
        if (ranges.length > 0) this.registry.set(name, new this.HighlightClass(...ranges));
        else this.registry.delete(name);
      }
      return;
    }
    for (const [range, elements] of this.wrappers) {
      for (const element of elements) element.toggleAttribute('data-active', range === this.active);
    }
  }

  /** Fallback: wraps each text-node piece of the range in a `<sourcelight-mark>`. */
  private wrap(range: Range, kind: HighlightKind): void {
    const elements: HTMLElement[] = [];
    const walker = this.document.createTreeWalker(range.commonAncestorContainer, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    if (range.commonAncestorContainer.nodeType === Node.TEXT_NODE) texts.push(range.commonAncestorContainer as Text);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (range.intersectsNode(node)) texts.push(node as Text);
    }
    for (let text of texts) {
      const start = text === range.startContainer ? range.startOffset : 0;
      const end = text === range.endContainer ? range.endOffset : text.data.length;
      if (end <= start) continue;
      if (end < text.data.length) text.splitText(end);
      if (start > 0) text = text.splitText(start);
      const mark = this.document.createElementNS('http://www.w3.org/1999/xhtml', FALLBACK_TAG) as HTMLElement;
      if (kind === 'rewritten') mark.setAttribute(FALLBACK_KIND_ATTRIBUTE, kind);
      text.replaceWith(mark);
      mark.append(text);
      elements.push(mark);
    }
    this.wrappers.set(range, elements);
  }

  private unwrap(range: Range): void {
    for (const element of this.wrappers.get(range) ?? []) element.replaceWith(...element.childNodes);
    this.wrappers.delete(range);
  }
}

/** How highlights look; from the user's settings. */
export interface HighlightAppearance {
  style: 'background' | 'underline' | 'wavy';
  /** `#rrggbb`. */
  color: string;
}

/**
 * Builds the `::highlight()` rules for the appearance of one kind of passage
 * (copied by default). On dark pages the paint is stronger so the highlight
 * stays visible against a dark background.
 */
export function highlightCss(appearance: HighlightAppearance, darkPage: boolean, kind: HighlightKind = 'copied'): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(appearance.color.slice(i, i + 2), 16));
  const rgba = (alpha: number): string => `rgba(${r}, ${g}, ${b}, ${alpha})`;
  const fill = darkPage ? 0.5 : 0.38;
  const strong = Math.min(1, fill + 0.3);
  const [base, active] = {
    background: [
      `background-color: ${rgba(fill)}; text-decoration: underline ${rgba(0.95)} 2px;`,
      `background-color: ${rgba(strong)}; text-decoration: underline ${rgba(1)} 3px;`,
    ],
    underline: [
      `background-color: transparent; text-decoration: underline ${rgba(1)} 3px;`,
      `background-color: ${rgba(fill)}; text-decoration: underline ${rgba(1)} 3px;`,
    ],
    // A wavy line says "roughly the same words": the paint of paraphrase.
    wavy: [
      `background-color: transparent; text-decoration: underline wavy ${rgba(1)} 2px;`,
      `background-color: ${rgba(darkPage ? 0.4 : 0.2)}; text-decoration: underline wavy ${rgba(1)} 2px;`,
    ],
  }[appearance.style];
  if (kind === 'rewritten') {
    const mark = `${FALLBACK_TAG}[${FALLBACK_KIND_ATTRIBUTE}="rewritten"]`;
    return `::highlight(${REWRITTEN_HIGHLIGHT_NAME}) { ${base} }\n::highlight(${REWRITTEN_ACTIVE_HIGHLIGHT_NAME}) { ${active} }\n` +
      `${mark} { ${base} color: inherit; }\n${mark}[data-active] { ${active} }`;
  }
  return `::highlight(${HIGHLIGHT_NAME}) { ${base} }\n::highlight(${ACTIVE_HIGHLIGHT_NAME}) { ${active} }\n` +
    `${FALLBACK_TAG} { background-color: ${rgba(fill)}; color: inherit; }\n${FALLBACK_TAG}[data-active] { background-color: ${rgba(strong)}; }`;
}

/** Whether the page paints a dark background (luminance of `body`, else `html`). */
export function isDarkPage(document: Document): boolean {
  const view = document.defaultView;
  if (!view) return false;
  for (const element of [document.body, document.documentElement]) {
    if (!element) continue;
    const match = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(view.getComputedStyle(element).backgroundColor);
    if (!match || match[4] === '0') continue;
    const [r, g, b] = [match[1], match[2], match[3]].map((v) => Number(v) / 255) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4;
  }
  return view.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/**
 * Applies the appearance through a constructed stylesheet adopted by the
 * document: no `<style>` node is added to the page.
 */
export class HighlightStyle {
  private sheet: CSSStyleSheet | null = null;
  private readonly roots = new Set<Document | ShadowRoot>();

  constructor(private readonly document: Document) {}

  /** Replaces the rules with those for `appearance` (copied passages) and `rewritten`. */
  apply(appearance: HighlightAppearance, rewritten?: HighlightAppearance): void {
    const dark = isDarkPage(this.document);
    const css = highlightCss(appearance, dark) + (rewritten ? `\n${highlightCss(rewritten, dark, 'rewritten')}` : '');
    try {
      if (!this.sheet) {
        this.sheet = new CSSStyleSheet();
        this.adoptInto(this.document);
      }
      this.sheet.replaceSync(css);
    } catch {
      // Constructed stylesheets unavailable: the manifest's static CSS still paints.
      this.sheet = null;
    }
  }

  /**
   * Document styles do not reach into shadow trees, so `::highlight()` rules
   * must be adopted by every shadow root that holds a painted range.
   */
  adoptInto(root: Document | ShadowRoot): void {
    const sheet = this.sheet;
    if (!sheet || this.roots.has(root)) return;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.roots.add(root);
  }

  /** Removes the adopted sheet from every root. */
  remove(): void {
    const sheet = this.sheet;
    if (!sheet) return;
    for (const root of this.roots) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
    this.roots.clear();
    this.sheet = null;
  }
}
