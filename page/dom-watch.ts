/**
 * Notices every change of a document that can change its visible text, and
 * reports them in batches: which parts of the page to read again, or that the
 * whole page (or a new route of a single-page app) must be read again.
 *
 * Why this mechanism (issue 11). Text can become visible without any node being
 * added: a script lifts `visibility: hidden` from `<body>` or `display: none`
 * from `<html>`, toggles a class, a `style`, `hidden`, `open`, `aria-hidden` or
 * `inert`, find-in-page removes `hidden="until-found"` (the browser removes the
 * attribute, so it is an attribute change too), or a stylesheet finishes
 * loading. Two designs were possible:
 *
 * - read hidden text up front and let the highlight ranges paint when the text
 *   shows (the Highlight API paints nothing in unrendered text). Reveals would be
 *   instant, but the model would then hold text that is never shown (menus,
 *   dialogs, hidden duplicates of the article, `display: none` words inside a
 *   sentence), which the matcher would have to skip through, and the badge and
 *   popup would still need a visibility check of every passage after each change;
 * - observe attributes and read again what may have become visible. The text
 *   model stays "what the reader sees", and the work after a change is bounded
 *   by the size of the changed block and by the flush rate below.
 *
 * We observe attributes. Measured (`npm run bench -- --reveal-only`, section 5
 * of docs/performance.md, Chromium on 2 shared cores): a reveal inside the page
 * is highlighted 120–200 ms after it (median), a whole `<body>`/`<html>` reveal
 * 270–330 ms (worst of 65 runs: 615 ms), since the whole page is then read and
 * matched anew. A page moving a carousel class every frame and flipping a
 * menu's `hidden` every 50 ms for 10 s got 25 batches and 50 re-reads of 3,000
 * characters in all, +0.16 s of main-thread time over the same page without
 * the extension, and no heap growth beyond the page's own. Reading hidden text
 * up front would have saved the 100 ms first delay, not the cost of knowing
 * what became visible.
 *
 * Which block to read again after an attribute change: the block one level
 * above the changed element's own block, because CSS reveals siblings too
 * (`[aria-expanded=true] + .panel`, `.tab.active ~ .content`) — see
 * `attributeRoot`.
 */

/** What changed since the last batch. */
export interface DomChange {
  /** Outermost changed blocks to read again (connected when reported). */
  roots: Node[];
  /** The whole page must be read again (stylesheets, changes at the page root, too many roots). */
  full: boolean;
  /** The URL changed (`pushState`, `replaceState`, hash or history navigation): a new route. */
  navigated: boolean;
}

/** Counters of the watch and of the reads it caused; tests read them (see `publishStats`). */
export interface WatchStats {
  /** Mutation records and events examined. */
  records: number;
  /** Batches delivered to `onChange`. */
  flushes: number;
  /** Subtree reads of the text model (full reads included) and their characters. */
  reads: number;
  charsRead: number;
}

/** Options of `DomWatch`. */
export interface DomWatchOptions {
  /** The extension's own elements: changes inside them are ignored. */
  isOwn(element: Element): boolean;
  /** Whether painted passages lost their nodes, which asks for a quick repaint. */
  needsRepaint(): boolean;
  /** Receives each batch; the next batch waits until the returned promise settles. */
  onChange(change: DomChange): Promise<void>;
}

/** Wait after the first change of a quiet page: bursts coalesce, reveals still show fast. */
export const FIRST_DELAY_MS = 100;
/** At most one batch per this interval, however fast the page changes. */
export const MIN_INTERVAL_MS = 400;
/** Delay before repainting passages whose nodes a framework replaced. */
const REPAINT_DELAY_MS = 50;
/** Past this many changed blocks one full read is cheaper than piecemeal ones. */
const MAX_CHANGED_ROOTS = 40;

/** Blocks: what is read again around a change. */
export const BLOCK_SELECTOR = 'p,li,td,th,dd,dt,blockquote,h1,h2,h3,h4,h5,h6,pre,figcaption,details,article,section,div,main,body';

/**
 * Watches `document` (and every open shadow root passed to `watchShadowRoot`)
 * from construction until `signal` aborts.
 */
export class DomWatch {
  readonly stats: WatchStats = { records: 0, flushes: 0, reads: 0, charsRead: 0 };
  private readonly observer: MutationObserver;
  private readonly shadowRoots = new WeakSet<ShadowRoot>();
  private readonly roots = new Set<Node>();
  private full = false;
  private href: string;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private due = 0;
  private lastFlush = -Infinity;
  private running: Promise<void> | null = null;

  constructor(
    private readonly document: Document,
    private readonly options: DomWatchOptions,
    private readonly signal: AbortSignal,
  ) {
    const view = document.defaultView!;
    this.href = view.location.href;
    this.observer = new view.MutationObserver((records) => this.onRecords(records));
    this.observe(document);
    // Changes that are no DOM mutation: a stylesheet or a lazy CSS file loaded
    // (`load` does not bubble, a capturing listener still sees it), a CSS
    // animation or transition that ends on shown text, `:target` after a hash
    // change, media queries after a resize, and history navigation.
    const listen = (target: EventTarget, type: string, handler: (event: Event) => void): void =>
      target.addEventListener(type, handler, { capture: true, passive: true, signal });
    listen(document, 'load', (event) => {
      const target = event.target;
      if (target instanceof view.HTMLLinkElement && /\bstylesheet\b/i.test(target.rel)) this.add(null);
    });
    listen(document, 'animationend', (event) => this.addTarget(event.target));
    listen(document, 'transitionend', (event) => {
      if (/^(visibility|display|content-visibility)$/.test((event as TransitionEvent).propertyName)) this.addTarget(event.target);
    });
    for (const type of ['hashchange', 'popstate', 'resize']) listen(view, type, () => this.add(null));
    signal.addEventListener('abort', () => {
      this.observer.disconnect();
      clearTimeout(this.timer);
    });
  }

  /** Observes an open shadow root too (a document's observer does not see into shadow trees). */
  watchShadowRoot(root: ShadowRoot): void {
    if (this.shadowRoots.has(root) || this.signal.aborted) return;
    this.shadowRoots.add(root);
    this.observe(root);
  }

  private observe(root: Document | ShadowRoot): void {
    this.observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
  }

  private onRecords(records: MutationRecord[]): void {
    this.stats.records += records.length;
    for (const record of records) {
      const target = record.target;
      // A shadow root's own child list: the change is in its host's block.
      const element = target instanceof Element ? target : target.parentElement ?? hostOf(target);
      if (!element || this.insideOwn(element)) continue;
      if (isStyleElement(element)) {
        this.add(null);
        continue;
      }
      if (record.type === 'characterData') {
        this.add(this.rootFor(target));
      } else if (record.type === 'attributes') {
        this.add(this.attributeRoot(element));
      } else {
        const added = [...record.addedNodes].filter((node) => !(node instanceof Element && this.options.isOwn(node)));
        const removedOwnOnly = record.removedNodes.length > 0 && [...record.removedNodes].every((node) => node instanceof Element && this.options.isOwn(node));
        if (added.length === 0 && (record.removedNodes.length === 0 || removedOwnOnly)) continue;
        for (const node of added) this.add(node instanceof Element && isStyleElement(node) ? null : this.rootFor(node));
        // Removing nodes changes the text of the block they left; nodes leaving
        // <body> itself (a toast, a widget) change no text that stays.
        if (record.removedNodes.length > 0 && !removedOwnOnly && !this.isPageRoot(element)) this.add(this.rootFor(element));
      }
    }
    this.schedule();
  }

  private insideOwn(element: Element): boolean {
    for (let node: Element | null = element; node; node = node.parentElement ?? hostOf(node.getRootNode())) {
      if (this.options.isOwn(node)) return true;
    }
    return false;
  }

  private addTarget(target: EventTarget | null): void {
    this.stats.records++;
    if (!(target instanceof Node) || !target.isConnected) return;
    const element = target instanceof Element ? target : target.parentElement;
    if (!element || this.insideOwn(element)) return;
    this.add(this.attributeRoot(element));
    this.schedule();
  }

  /** Records a root to read again; `null` (or a page root) asks for a full read. */
  private add(root: Node | null): void {
    if (root === null || this.isPageRoot(root)) {
      this.full = true;
    } else {
      this.roots.add(root);
    }
    if (root === null) this.schedule();
  }

  private isPageRoot(node: Node): boolean {
    return node === this.document.body || node === this.document.documentElement || node === this.document;
  }

  /**
   * The block to read again after `node` changed: the node itself when it is a
   * block, else its block; the node alone when its block would be the whole page
   * (an infinite-scroll item appended to `<body>` is read alone).
   */
  rootFor(node: Node): Node {
    if (node instanceof Element && node.matches(BLOCK_SELECTOR) && !this.isPageRoot(node)) return node;
    const block = node.parentElement?.closest(BLOCK_SELECTOR) ?? null;
    if (block && !this.isPageRoot(block)) return block;
    const host = node.parentElement ? null : hostOf(node.getRootNode());
    return host ? this.rootFor(host) : node;
  }

  /**
   * One block above the changed element's block (see the file comment); the
   * element's own block when that would be the whole page, so a widget under
   * `<body>` that changes often never makes a long page be read whole. Only a
   * change on `<body>` or `<html>` itself does.
   */
  private attributeRoot(element: Element): Node | null {
    if (this.isPageRoot(element)) return null;
    const own = this.rootFor(element);
    const parent = own.parentElement ?? hostOf(own.getRootNode());
    return !parent || this.isPageRoot(parent) ? own : this.rootFor(parent);
  }

  private schedule(): void {
    const view = this.document.defaultView;
    const navigated = view !== null && view.location.href !== this.href;
    if (!navigated && !this.full && this.roots.size === 0 && !this.options.needsRepaint()) return;
    if (navigated) this.full = true;
    const now = performance.now();
    const delay = this.options.needsRepaint()
      ? REPAINT_DELAY_MS
      : Math.max(FIRST_DELAY_MS, this.lastFlush + MIN_INTERVAL_MS - now);
    const due = now + delay;
    // A fixed delay from the first change, not a debounce that restarts: a page
    // mutating every few milliseconds still gets a batch per interval.
    if (this.timer !== undefined && this.due <= due) return;
    clearTimeout(this.timer);
    this.due = due;
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.signal.aborted) return;
    if (this.running) {
      // One batch at a time: the next starts when the current one is done.
      await this.running;
      if (this.timer !== undefined || this.signal.aborted) return;
    }
    const view = this.document.defaultView;
    const href = view?.location.href ?? this.href;
    const navigated = href !== this.href;
    this.href = href;
    const roots = outermost([...this.roots].filter((root) => root.isConnected));
    const full = this.full || navigated || roots.length > MAX_CHANGED_ROOTS;
    this.roots.clear();
    this.full = false;
    this.lastFlush = performance.now();
    this.stats.flushes++;
    this.running = this.options.onChange({ roots: full ? [] : roots, full, navigated }).finally(() => {
      this.running = null;
    });
    await this.running;
  }
}

/**
 * Makes `stats` readable by the e2e tests as `globalThis.__sourcelightStats`.
 * The content script's global is its own isolated world (Chromium) or sandbox
 * (Firefox): the page cannot see it, only a debugger attached to that world can.
 */
export function publishStats(stats: WatchStats): void {
  Object.defineProperty(globalThis, '__sourcelightStats', { value: stats, configurable: true });
}

function hostOf(node: Node): Element | null {
  return 'host' in node && node.host instanceof Element ? node.host : null;
}

function isStyleElement(element: Element): boolean {
  return element.localName === 'style' || (element.localName === 'link' && /\bstylesheet\b/i.test(element.getAttribute('rel') ?? ''));
}

/** Keeps only nodes not contained in another node of the list (shadow trees included). */
function outermost(nodes: Node[]): Node[] {
  return nodes.filter((node) => !nodes.some((other) => other !== node && containsDeep(other, node)));
}

/** Whether `node` is `ancestor` or inside it, through shadow roots. */
export function containsDeep(ancestor: Node, node: Node): boolean {
  for (let current: Node | null = node; current; current = hostOf(current.getRootNode())) {
    if (ancestor.contains(current)) return true;
  }
  return false;
}
