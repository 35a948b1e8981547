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

/** How a painted passage was reused; each kind is painted under its own names. */
export type HighlightKind = 'copied' | 'rewritten';

/** Attribute of fallback elements that wrap a rewritten match (`data-kind="rewritten"`). */
export const FALLBACK_KIND_ATTRIBUTE = 'data-kind';

/** Paints and unpaints ranges in one document. */
export class Highlighter {
  private readonly ranges = new Set<Range>();
  /** Ranges painted as rewritten; every other range is copied. */
  private readonly rewritten = new Set<Range>();
  private active: Range | null = null;
  private readonly wrappers = new Map<Range, HTMLElement[]>();
  private readonly useRegistry: boolean;
  /** What this instance registered under each name, to notice a page deleting or replacing it. */
  private readonly registered = new Map<string, Highlight>();

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

  /** Paints `ranges`, of one kind, in addition to those already painted. */
  add(ranges: Iterable<Range>, kind: HighlightKind = 'copied'): void {
    let added = false;
    for (const range of ranges) {
      this.ranges.add(range);
      if (kind === 'rewritten') this.rewritten.add(range);
      if (!this.useRegistry) this.wrap(range, kind);
      added = true;
    }
    // Nothing new (the painter adds each kind in turn, often one of them empty): no new Highlight objects.
    if (added) this.sync();
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
    for (const [name] of this.rangesByName()) this.registry?.delete(name);
  }

  /**
   * Paints again what the page removed: `CSS.highlights.clear()`, `delete`, a
   * replaced entry, or our `Highlight` emptied (issue 12, point 2). A few map
   * reads; returns whether anything had to be repaired.
   */
  repair(): boolean {
    const registry = this.registry;
    if (!registry) return false;
    const intact = ([name, ranges]: [string, Range[]]): boolean => {
      const entry = registry.get(name);
      return ranges.length === 0 ? entry === undefined : entry === this.registered.get(name) && entry?.size === ranges.length;
    };
    if (this.rangesByName().every(intact)) return false;
    this.sync();
    return true;
  }

  /** The ranges painted now. */
  get painted(): ReadonlySet<Range> {
    return this.ranges;
  }

  private sync(): void {
    if (this.registry && this.HighlightClass) {
      for (const [name, ranges] of this.rangesByName()) {
        if (ranges.length > 0) {
          const highlight = new this.HighlightClass(...ranges);
          this.registered.set(name, highlight);
          this.registry.set(name, highlight);
        } else {
          this.registered.delete(name);
          this.registry.delete(name);
        }
      }
      return;
    }
    for (const [range, elements] of this.wrappers) {
      for (const element of elements) element.toggleAttribute('data-active', range === this.active);
    }
  }

  /** The ranges each registry name paints: copied, rewritten, and the active one under its kind's name. */
  private rangesByName(): [string, Range[]][] {
    const { highlight, activeHighlight, rewrittenHighlight, rewrittenActiveHighlight } = this.names;
    const activeRewritten = this.active !== null && this.rewritten.has(this.active);
    return [
      [highlight, [...this.ranges].filter((range) => !this.rewritten.has(range))],
      [rewrittenHighlight, [...this.rewritten]],
      [activeHighlight, this.active && !activeRewritten ? [this.active] : []],
      [rewrittenActiveHighlight, this.active && activeRewritten ? [this.active] : []],
    ];
  }

  /** Fallback: wraps each text-node piece of the range in the session's custom element. */
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
      const mark = this.document.createElementNS('http://www.w3.org/1999/xhtml', this.names.fallbackTag) as HTMLElement;
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
export function highlightCss(appearance: HighlightAppearance, darkPage: boolean, names: SessionNames, kind: HighlightKind = 'copied'): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(appearance.color.slice(i, i + 2), 16));
  const rgba = (alpha: number): string => `rgba(${r}, ${g}, ${b}, ${Math.round(alpha * 100) / 100})`;
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
    const mark = `${names.fallbackTag}[${FALLBACK_KIND_ATTRIBUTE}="rewritten"]`;
    return `::highlight(${names.rewrittenHighlight}) { ${base} }\n::highlight(${names.rewrittenActiveHighlight}) { ${active} }\n` +
      `${mark} { ${base} color: inherit; }\n${mark}[data-active] { ${active} }`;
  }
  const { highlight, activeHighlight, fallbackTag } = names;
  return `::highlight(${highlight}) { ${base} }\n::highlight(${activeHighlight}) { ${active} }\n` +
    `${fallbackTag} { background-color: ${rgba(fill)}; color: inherit; }\n${fallbackTag}[data-active] { background-color: ${rgba(strong)}; }`;
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
  /** Rules `css` holds, to notice a page emptying or rewriting the sheet. */
  private expectedRules = 0;
  private readonly roots = new Set<Document | ShadowRoot>();

  constructor(
    private readonly document: Document,
    private readonly names: SessionNames,
  ) {}

  /**
   * Sets the rules for `appearance` (copied passages) and `rewritten`; applied
   * now if the sheet is adopted, else when it is.
   */
  apply(appearance: HighlightAppearance, rewritten?: HighlightAppearance): void {
    const dark = isDarkPage(this.document);
    this.css = highlightCss(appearance, dark, this.names) + (rewritten ? `\n${highlightCss(rewritten, dark, this.names, 'rewritten')}` : '');
    this.expectedRules = rewritten ? 2 * RULES_PER_KIND : RULES_PER_KIND;
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
    if (sheet.cssRules.length !== this.expectedRules) {
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

/** Rules `highlightCss` writes per kind: base and active highlight, fallback and active fallback. */
const RULES_PER_KIND = 4;
