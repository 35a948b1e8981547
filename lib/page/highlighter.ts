/**
 * Paints ranges with the CSS Custom Highlight API
 * (https://developer.mozilla.org/docs/Web/API/CSS_Custom_Highlight_API): the
 * page's DOM is never touched, so its scripts, layout and selection keep working.
 * Where the API is missing, ranges are wrapped in a custom element instead.
 *
 * The registry is readable by the page, so only public-corpus passages are
 * painted here (README, "Security and privacy"); names are per run
 * (`session-names.ts`).
 */
import type { SessionNames } from './session-names';

/** Paints and unpaints ranges in one document. */
export class Highlighter {
  private readonly ranges = new Set<Range>();
  private active: Range | null = null;
  private readonly wrappers = new Map<Range, HTMLElement[]>();
  private readonly useRegistry: boolean;
  /** What this instance registered, to notice a page deleting or replacing it. */
  private registered: Highlight | null = null;
  private registeredActive: Highlight | null = null;

  constructor(
    private readonly document: Document,
    private readonly names: SessionNames,
  ) {
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
    this.registry?.delete(this.names.highlight);
    this.registry?.delete(this.names.activeHighlight);
  }

  /**
   * Paints again what the page removed: `CSS.highlights.clear()`, `delete`, a
   * replaced entry, or our `Highlight` emptied (issue 12, point 2). A few map
   * reads; returns whether anything had to be repaired.
   */
  repair(): boolean {
    const registry = this.registry;
    if (!registry) return false;
    const intact = (name: string, mine: Highlight | null, size: number): boolean => {
      const entry = registry.get(name);
      return size === 0 ? entry === undefined : entry === mine && entry?.size === size;
    };
    if (intact(this.names.highlight, this.registered, this.ranges.size) && intact(this.names.activeHighlight, this.registeredActive, this.active ? 1 : 0)) {
      return false;
    }
    this.sync();
    return true;
  }

  /** The ranges painted now. */
  get painted(): ReadonlySet<Range> {
    return this.ranges;
  }

  private sync(): void {
    if (this.registry && this.HighlightClass) {
      this.registered = this.ranges.size > 0 ? new this.HighlightClass(...this.ranges) : null;
      if (this.registered) this.registry.set(this.names.highlight, this.registered);
      else this.registry.delete(this.names.highlight);
      this.registeredActive = this.active ? new this.HighlightClass(this.active) : null;
      if (this.registeredActive) this.registry.set(this.names.activeHighlight, this.registeredActive);
      else this.registry.delete(this.names.activeHighlight);
      return;
    }
    for (const [range, elements] of this.wrappers) {
      for (const element of elements) element.toggleAttribute('data-active', range === this.active);
    }
  }

  /** Fallback: wraps each text-node piece of the range in the session's custom element. */
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
      const mark = this.document.createElementNS('http://www.w3.org/1999/xhtml', this.names.fallbackTag) as HTMLElement;
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
export function highlightCss(appearance: HighlightAppearance, darkPage: boolean, names: SessionNames): string {
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
  const { highlight, activeHighlight, fallbackTag } = names;
  return `::highlight(${highlight}) { ${base} }\n::highlight(${activeHighlight}) { ${active} }\n` +
    `${fallbackTag} { background-color: ${rgba(fill)}; color: inherit; }\n${fallbackTag}[data-active] { background-color: ${rgba(Math.min(1, fill + 0.3))}; }`;
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
 * document: no `<style>` node is added to the page. The sheet exists only while
 * something is painted: adopted sheets are page-visible, and a sheet on every
 * page would tell every page that Sourcelight is installed, and in which colour
 * (issue 12, point 4).
 */
export class HighlightStyle {
  private sheet: CSSStyleSheet | null = null;
  private css = '';
  private readonly roots = new Set<Document | ShadowRoot>();

  constructor(
    private readonly document: Document,
    private readonly names: SessionNames,
  ) {}

  /** Sets the rules for `appearance`; applied now if the sheet is adopted, else when it is. */
  apply(appearance: HighlightAppearance): void {
    this.css = highlightCss(appearance, isDarkPage(this.document), this.names);
    this.replaceRules();
  }

  /**
   * Adopts the sheet into `root` (the document, or a shadow root holding a
   * painted range: document styles do not reach into shadow trees).
   */
  adoptInto(root: Document | ShadowRoot): void {
    if (this.roots.has(root)) return;
    try {
      if (!this.sheet) {
        this.sheet = new CSSStyleSheet();
        this.sheet.replaceSync(this.css);
      }
      const sheet = this.sheet;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      this.roots.add(root);
    } catch {
      // Constructed stylesheets unavailable: nothing to adopt, highlights keep the UA's default paint.
      this.sheet = null;
    }
  }

  /** Whether the sheet is adopted anywhere. */
  get adopted(): boolean {
    return this.roots.size > 0;
  }

  /** Re-adopts and rewrites the sheet where the page dropped or emptied it; returns whether it had to. */
  repair(): boolean {
    const sheet = this.sheet;
    if (!sheet) return false;
    let repaired = false;
    for (const root of this.roots) {
      if (root.adoptedStyleSheets.includes(sheet)) continue;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      repaired = true;
    }
    if (sheet.cssRules.length !== EXPECTED_RULES) {
      this.replaceRules();
      repaired = true;
    }
    return repaired;
  }

  /** Removes the adopted sheet from every root. */
  remove(): void {
    const sheet = this.sheet;
    if (!sheet) return;
    for (const root of this.roots) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
    this.roots.clear();
    this.sheet = null;
  }

  private replaceRules(): void {
    try {
      this.sheet?.replaceSync(this.css);
    } catch {
      // A sheet the document no longer allows changing: the next adoption makes a new one.
      this.sheet = null;
    }
  }
}

/** Rules `highlightCss` writes: base and active highlight, fallback and active fallback. */
const EXPECTED_RULES = 4;
