/**
 * The page as one string of visible text, with a map back to DOM text nodes.
 *
 * Matching works on plain text; painting needs DOM ranges. The model keeps, for
 * every text node it read, where that node's characters start in the string.
 * Block boundaries become "\n" so `<h1>A</h1><p>B</p>` does not glue "AB";
 * inline markup (links, emphasis, drop-cap spans) is transparent.
 */

/** Tags whose content is never reader-visible prose. */
const SKIPPED_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'BUTTON',
  'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'svg', 'math', 'HEAD', 'TITLE', 'META', 'LINK',
]);

/**
 * Tags that lay out as blocks. Decided by tag, not computed style: a floated
 * drop-cap `<span>` computes to `display: block` yet belongs to its word.
 */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP',
  'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH',
  'THEAD', 'TR', 'UL', 'LEGEND', 'OPTGROUP', 'HTML',
]);

/** One text node's place in the model string. */
interface Segment {
  node: Text;
  /** Offset of the node's first character in the model text. */
  start: number;
}

/** A DOM position. */
export interface DomPoint {
  node: Text;
  offset: number;
}

/** Options for reading the page. */
export interface TextModelOptions {
  /** Elements to leave out, e.g. the extension's own UI. */
  exclude?: (element: Element) => boolean;
  /** Called with each open shadow root read, so a caller can watch it for changes. */
  onShadowRoot?: (root: ShadowRoot) => void;
}

/** Visible text of a subtree with an offset map back to its text nodes. */
export class TextModel {
  private constructor(
    /** The model string: text nodes' data, with "\n" at block boundaries and " " for `<br>`. */
    readonly text: string,
    private readonly segments: readonly Segment[],
  ) {}

  /**
   * Reads the visible text under `root` incrementally: each `step` call does
   * work until `shouldYield()` says the time slice is over, so long pages never
   * block the main thread in one long task.
   */
  static reader(root: Node, options: TextModelOptions = {}): TextModelReader {
    return new TextModelReader(root, options, (text, segments) => new TextModel(text, segments));
  }

  /** Reads the whole subtree at once (small roots, tests). */
  static read(root: Node, options: TextModelOptions = {}): TextModel {
    const reader = TextModel.reader(root, options);
    while (!reader.step(() => false));
    return reader.result();
  }

  /**
   * Maps a model offset to a DOM point. A range start maps to the node holding
   * the character at `offset`; a range end to the node holding `offset - 1`, so
   * neither lands on a neighbouring node or a block separator.
   */
  pointAt(offset: number, bias: 'start' | 'end'): DomPoint | null {
    const target = bias === 'start' ? offset : offset - 1;
    const index = this.lastSegmentAtOrBefore(target);
    if (bias === 'start') {
      let segment = index >= 0 ? this.segments[index] : undefined;
      if (!segment || target >= segment.start + segment.node.data.length) segment = this.segments[index + 1];
      if (!segment) return null;
      return { node: segment.node, offset: Math.max(0, offset - segment.start) };
    }
    const segment = this.segments[index];
    if (!segment) return null;
    return { node: segment.node, offset: Math.min(segment.node.data.length, offset - segment.start) };
  }

  private lastSegmentAtOrBefore(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid]!.start <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** A live DOM range over model offsets `[start, end)`, or null if they fall outside text nodes. */
  rangeFor(start: number, end: number): Range | null {
    const from = this.pointAt(start, 'start');
    const to = this.pointAt(end, 'end');
    // A DOM range cannot start in a document and end inside a shadow tree.
    if (!from || !to || from.node.getRootNode() !== to.node.getRootNode()) return null;
    const range = from.node.ownerDocument.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }
}

/** Incremental reader behind `TextModel.reader`. */
export class TextModelReader {
  private readonly parts: string[] = [];
  private readonly segments: Segment[] = [];
  private length = 0;
  /** Depth-first stack of nodes still to visit; a number marks leaving a block. */
  private readonly stack: (Node | number)[] = [];
  private done = false;

  constructor(
    root: Node,
    private readonly options: TextModelOptions,
    private readonly create: (text: string, segments: Segment[]) => TextModel,
  ) {
    this.stack.push(root);
  }

  /** Reads until done or until `shouldYield()` returns true; returns whether reading is done. */
  step(shouldYield: () => boolean): boolean {
    let visited = 0;
    while (this.stack.length > 0) {
      // Check the clock every 64 nodes: cheap, and fine-grained enough for 50 ms slices.
      if (++visited % 64 === 0 && shouldYield()) return false;
      const item = this.stack.pop()!;
      if (typeof item === 'number') {
        this.separate('\n');
        continue;
      }
      this.visit(item);
    }
    this.done = true;
    return true;
  }

  /** The model; only valid once `step` returned true. */
  result(): TextModel {
    if (!this.done) throw new Error('TextModelReader.result() called before reading finished');
    return this.create(this.parts.join(''), this.segments);
  }

  private visit(node: Node): void {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node as Text;
      if (text.data.length === 0) return;
      this.segments.push({ node: text, start: this.length });
      this.parts.push(text.data);
      this.length += text.data.length;
      return;
    }
    let children: ArrayLike<Node>;
    if (node.nodeType === Node.ELEMENT_NODE) {
      const element = node as Element;
      if (!this.isReadable(element)) return;
      if (element.localName === 'br') {
        this.separate(' ');
        return;
      }
      if (BLOCK_TAGS.has(element.tagName)) {
        this.separate('\n');
        this.stack.push(0);
      }
      // Rendered content of a shadow host is its (open) shadow tree; slots
      // project the light children assigned to them.
      if (element.shadowRoot) {
        this.options.onShadowRoot?.(element.shadowRoot);
        children = element.shadowRoot.childNodes;
      }
      else if (element.localName === 'slot') children = (element as HTMLSlotElement).assignedNodes({ flatten: true });
      else children = element.childNodes;
    } else if (node.nodeType === Node.DOCUMENT_NODE || node.nodeType === Node.DOCUMENT_FRAGMENT_NODE) {
      children = node.childNodes;
    } else {
      return;
    }
    for (let i = children.length - 1; i >= 0; i--) this.stack.push(children[i]!);
  }

  private isReadable(element: Element): boolean {
    if (SKIPPED_TAGS.has(element.tagName) || SKIPPED_TAGS.has(element.localName)) return false;
    if (element.getAttribute('aria-hidden') === 'true' || element.hasAttribute('hidden')) return false;
    if (this.options.exclude?.(element)) return false;
    if (element instanceof HTMLElement) {
      if (element.isContentEditable) return false;
      // checkVisibility covers display:none, content-visibility:hidden and
      // visibility:hidden (https://developer.mozilla.org/docs/Web/API/Element/checkVisibility).
      // (A visibility:hidden element with a visible child is rare enough to skip whole.)
      if (typeof element.checkVisibility === 'function' && !element.checkVisibility({ visibilityProperty: true })) {
        return false;
      }
    }
    return true;
  }

  private separate(separator: string): void {
    this.parts.push(separator);
    this.length += separator.length;
  }
}
