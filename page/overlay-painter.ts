/**
 * Paints private-corpus passages where the page cannot read them.
 *
 * The CSS highlight registry is shared with the page: a page that plants
 * candidate sentences and reads `CSS.highlights` learns which of them are in
 * the reader's corpora (issue 12, point 3). Private passages are therefore
 * drawn as boxes in a closed shadow root, positioned from
 * `Range.getClientRects()`: the page sees one empty host element, never the
 * boxes, their number or their places. The host has `pointer-events: none`, so
 * the boxes are skipped by hit testing (`elementFromPoint`) and never take a
 * click from the page's text.
 *
 * Boxes are placed in document coordinates, relative to the host, so scrolling
 * the document costs nothing; they are laid out again when a scroller inside
 * the page scrolls, on resize and on layout changes of the root
 * (ResizeObserver), at most once per animation frame: `getClientRects()` costs
 * about 0.2 ms per passage (scripts/measure-private-paint.ts), so nothing runs
 * on a timer.
 */
import type { HighlightAppearance } from './highlighter';

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** Boxes drawn at most, whatever the page does (a range over a huge table makes thousands). */
const MAX_BOXES = 4000;

/** Host styles, inline and `!important`: page style sheets cannot move, hide or unblock it. */
const HOST_STYLE: Record<string, string> = {
  all: 'initial',
  display: 'block',
  position: 'absolute',
  top: '0',
  left: '0',
  width: '0',
  height: '0',
  overflow: 'visible',
  'pointer-events': 'none',
  'z-index': '2147483646',
  contain: 'layout style',
};

/** Paints ranges as boxes in a closed shadow root over one document. */
export class OverlayPainter {
  private host: HTMLElement | null = null;
  private layer: HTMLElement | null = null;
  private style: HTMLStyleElement | null = null;
  private readonly ranges = new Set<Range>();
  private active: Range | null = null;
  private frame = 0;
  private css = '';
  private controller: AbortController | null = null;
  private resizeObserver: ResizeObserver | null = null;
  /** The boxes drawn by the last layout, in the layer. */
  private readonly boxes: HTMLElement[] = [];
  /** Boxes drawn by the last layout. */
  boxCount = 0;

  constructor(private readonly document: Document) {}

  /**
   * Puts the (empty) host in the page. Called once the page has been read, even
   * when no private passage was found: creating it only on a match would tell
   * the page that a private corpus matched.
   */
  attach(): void {
    const view = this.document.defaultView;
    // HTML documents only: an element added to an XML feed or an SVG file would change the document.
    const html = this.document.contentType === 'text/html' || this.document.contentType === 'application/xhtml+xml';
    if (this.host || !view || !html || this.document.documentElement?.namespaceURI !== XHTML_NS) return;
    const host = this.document.createElementNS(XHTML_NS, 'div') as HTMLElement;
    for (const [name, value] of Object.entries(HOST_STYLE)) host.style.setProperty(name, value, 'important');
    const shadow = host.attachShadow({ mode: 'closed' });
    this.style = this.document.createElementNS(XHTML_NS, 'style') as HTMLStyleElement;
    this.style.textContent = this.css;
    this.layer = this.document.createElementNS(XHTML_NS, 'div') as HTMLElement;
    shadow.append(this.style, this.layer);
    this.document.documentElement.append(host);
    this.host = host;

    const schedule = (): void => this.schedule();
    this.controller = new AbortController();
    const options = { capture: true, passive: true, signal: this.controller.signal };
    // Boxes are in document coordinates: scrolling the document moves them with the
    // text for free. Only a scroller inside the page moves text relative to them.
    view.addEventListener(
      'scroll',
      (event) => {
        if (event.target !== this.document) schedule();
      },
      options,
    );
    view.addEventListener('resize', schedule, options);
    this.resizeObserver = new view.ResizeObserver(schedule);
    this.resizeObserver.observe(this.document.documentElement);
    if (this.document.body) this.resizeObserver.observe(this.document.body);
  }

  /** Whether `element` is this painter's host. */
  isHost(element: Element): boolean {
    return element === this.host;
  }

  /** Sets the colours: the user's colour, with a dashed underline that marks a private match. */
  apply(appearance: HighlightAppearance, darkPage: boolean): void {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(appearance.color.slice(i, i + 2), 16));
    const rgba = (alpha: number): string => `rgba(${r}, ${g}, ${b}, ${alpha})`;
    const fill = appearance.style === 'background' ? (darkPage ? 0.5 : 0.38) : 0;
    this.css =
      `div > div { position: absolute; pointer-events: none; box-sizing: border-box; background: ${rgba(fill)};` +
      ` border-bottom: 3px dashed ${rgba(1)};${darkPage ? '' : ' mix-blend-mode: multiply;'} }\n` +
      `div > div.active { background: ${rgba(Math.min(1, fill + 0.3))}; border-bottom-style: solid; }`;
    if (this.style) this.style.textContent = this.css;
  }

  /** Paints `ranges` in addition to those already painted. */
  add(ranges: Iterable<Range>): void {
    for (const range of ranges) this.ranges.add(range);
    this.schedule();
  }

  /** Stops painting `ranges`. */
  remove(ranges: Iterable<Range>): void {
    for (const range of ranges) {
      this.ranges.delete(range);
      if (this.active === range) this.active = null;
    }
    this.schedule();
  }

  /** Marks one painted range as active (hovered or focused), or none. */
  setActive(range: Range | null): void {
    if (this.active === range) return;
    this.active = range;
    this.schedule();
  }

  /** The ranges painted now. */
  get painted(): ReadonlySet<Range> {
    return this.ranges;
  }

  /** Puts the host back if the page removed it. */
  repair(): void {
    const host = this.host;
    if (!host || host.isConnected) return;
    this.document.documentElement?.append(host);
    this.schedule();
  }

  /**
   * Lays out every box now; returns the number of boxes drawn. Reads every
   * rect first, then writes: one layout, however many boxes. Boxes are reused
   * and only their changed styles written.
   */
  layout(): number {
    this.frame = 0;
    const host = this.host;
    const layer = this.layer;
    if (!host || !layer) return 0;
    const origin = host.getBoundingClientRect();
    const wanted: { css: string; active: boolean }[] = [];
    for (const range of this.ranges) {
      for (const rect of distinctRects(range)) {
        if (wanted.length >= MAX_BOXES) break;
        const css = `left:${rect.left - origin.left}px;top:${rect.top - origin.top}px;width:${rect.width}px;height:${rect.height}px`;
        wanted.push({ css, active: range === this.active });
      }
    }
    while (this.boxes.length < wanted.length) {
      const box = this.document.createElementNS(XHTML_NS, 'div') as HTMLElement;
      layer.append(box);
      this.boxes.push(box);
    }
    for (const box of this.boxes.splice(wanted.length)) box.remove();
    wanted.forEach(({ css, active }, i) => {
      const box = this.boxes[i]!;
      if (box.style.cssText !== css) box.style.cssText = css;
      box.classList.toggle('active', active);
    });
    this.boxCount = wanted.length;
    return wanted.length;
  }

  /** Removes the host and every listener. */
  detach(): void {
    this.controller?.abort();
    this.controller = null;
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    const view = this.document.defaultView;
    if (this.frame && view) view.cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.host?.remove();
    this.host = null;
    this.layer = null;
    this.style = null;
    this.boxes.length = 0;
    this.boxCount = 0;
    this.ranges.clear();
    this.active = null;
  }

  private schedule(): void {
    const view = this.document.defaultView;
    // Nothing painted and nothing to clear: a page changing its layout every frame costs nothing.
    if (this.frame || !this.host || !view || (this.ranges.size === 0 && this.boxes.length === 0)) return;
    this.frame = view.requestAnimationFrame(() => this.layout());
  }
}

/**
 * The range's line boxes, without empty ones and without boxes inside another
 * (`getClientRects` lists an inline element's box and its text's box too; drawn
 * twice, the translucent fill would darken).
 */
function distinctRects(range: Range): DOMRect[] {
  const kept: DOMRect[] = [];
  for (const rect of range.getClientRects()) {
    if (rect.width < 1 || rect.height < 1) continue;
    if (kept.some((k) => rect.left >= k.left - 0.5 && rect.right <= k.right + 0.5 && rect.top >= k.top - 0.5 && rect.bottom <= k.bottom + 0.5)) continue;
    kept.push(rect);
  }
  return kept;
}
