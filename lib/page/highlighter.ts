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
/** Custom element used to wrap matches where the Highlight API is missing. */
export const FALLBACK_TAG = 'sourcelight-mark';

/** Paints and unpaints ranges in one document. */
export class Highlighter {
  private readonly ranges = new Set<Range>();
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

  /** Paints `ranges` in addition to those already painted. */
  add(ranges: Iterable<Range>): void {
    for (const range of ranges) {
      this.ranges.add(range);
      if (!this.useRegistry) this.wrap(range);
    }
    this.sync();
  }

  /** Stops painting `ranges`. */
  remove(ranges: Iterable<Range>): void {
    for (const range of ranges) {
      this.ranges.delete(range);
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
  }

  /** The ranges painted now. */
  get painted(): ReadonlySet<Range> {
    return this.ranges;
  }

  private sync(): void {
    if (this.registry && this.HighlightClass) {
      if (this.ranges.size > 0) this.registry.set(HIGHLIGHT_NAME, new this.HighlightClass(...this.ranges));
      else this.registry.delete(HIGHLIGHT_NAME);
      if (this.active) this.registry.set(ACTIVE_HIGHLIGHT_NAME, new this.HighlightClass(this.active));
      else this.registry.delete(ACTIVE_HIGHLIGHT_NAME);
      return;
    }
    for (const [range, elements] of this.wrappers) {
      for (const element of elements) element.toggleAttribute('data-active', range === this.active);
    }
  }

  /** Fallback: wraps each text-node piece of the range in a `<sourcelight-mark>`. */
  private wrap(range: Range): void {
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
  style: 'background' | 'underline';
  /** `#rrggbb`. */
  color: string;
}

/**
 * Builds the `::highlight()` rules for an appearance. On dark pages the paint is
 * stronger so the highlight stays visible against a dark background.
 */
export function highlightCss(appearance: HighlightAppearance, darkPage: boolean): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(appearance.color.slice(i, i + 2), 16));
  const rgba = (alpha: number): string => `rgba(${r}, ${g}, ${b}, ${alpha})`;
  const fill = darkPage ? 0.5 : 0.38;
  const base =
    appearance.style === 'background'
      ? `background-color: ${rgba(fill)}; text-decoration: underline ${rgba(0.95)} 2px;`
      : `background-color: transparent; text-decoration: underline ${rgba(1)} 3px;`;
  const active =
    appearance.style === 'background'
      ? `background-color: ${rgba(Math.min(1, fill + 0.3))}; text-decoration: underline ${rgba(1)} 3px;`
      : `background-color: ${rgba(fill)}; text-decoration: underline ${rgba(1)} 3px;`;
  return `::highlight(${HIGHLIGHT_NAME}) { ${base} }\n::highlight(${ACTIVE_HIGHLIGHT_NAME}) { ${active} }\n` +
    `${FALLBACK_TAG} { background-color: ${rgba(fill)}; color: inherit; }\n${FALLBACK_TAG}[data-active] { background-color: ${rgba(Math.min(1, fill + 0.3))}; }`;
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

  /** Replaces the rules with those for `appearance`. */
  apply(appearance: HighlightAppearance): void {
    const css = highlightCss(appearance, isDarkPage(this.document));
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
