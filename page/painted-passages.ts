/**
 * The passages painted in one document, in document order: what the card, the
 * popup and the keyboard commands step through, and what the toolbar badge counts.
 */
import { sendMessage } from '../extension/messages';
import type { MatchKind } from '../lib/matcher';
import type { CardMatch } from './hover-card';
import type { PassagePainter } from './passage-painter';

/** One painted passage of the page and every corpus source it was found in. */
export interface PaintedPassage {
  range: Range;
  text: string;
  /** Its sources, ranked (lib/passage-grouping.ts). */
  matches: CardMatch[];
  /** Copied when any source shares it copied (the stronger evidence), else rewritten. */
  kind: MatchKind;
  /**
   * From private corpora only: painted by the overlay, explained outside the page
   * (toolbar popup, source viewer), never in the card. Public and private
   * sources of one text are separate passages, so a public match is painted the
   * same whether or not a private corpus also has it.
   */
  private: boolean;
}

/** Holds, paints and counts the passages of one document. */
export class PaintedPassages {
  private passages: PaintedPassage[] = [];
  private lastReported = '';
  private readonly removalListeners = new Set<(removed: ReadonlySet<PaintedPassage>) => void>();

  constructor(
    private readonly painter: Pick<PassagePainter, 'add' | 'remove'>,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => {
      this.passages = [];
      this.removalListeners.clear();
    });
  }

  /** Every painted passage, in document order. */
  get all(): readonly PaintedPassage[] {
    return this.passages;
  }

  /** Whether `candidate` is painted already (a block read twice). */
  has(candidate: PaintedPassage): boolean {
    return this.passages.some((p) => isSamePassage(p, candidate));
  }

  /** Paints `found`, skipping passages already painted. */
  add(found: readonly PaintedPassage[]): void {
    const fresh = found.filter((f) => !this.has(f));
    this.passages.push(...fresh);
    this.passages.sort((a, b) => compareRanges(a.range, b.range));
    this.painter.add(fresh);
    this.reportCount();
  }

  /** Stops painting `removed`. */
  remove(removed: readonly PaintedPassage[]): void {
    if (removed.length === 0) return;
    const gone = new Set(removed);
    this.passages = this.passages.filter((p) => !gone.has(p));
    this.painter.remove(removed);
    for (const listener of this.removalListeners) listener(gone);
    this.reportCount();
  }

  /** Calls `listener` with the passages each `remove` took away. */
  onRemove(listener: (removed: ReadonlySet<PaintedPassage>) => void): void {
    this.removalListeners.add(listener);
  }

  /** Tells the background how many passages (of them rewritten) this frame paints, for the toolbar badge. */
  private reportCount(): void {
    const count = this.passages.length;
    const rewritten = this.passages.filter((p) => p.kind === 'rewritten').length;
    if (`${count}/${rewritten}` === this.lastReported || this.signal.aborted) return;
    this.lastReported = `${count}/${rewritten}`;
    void sendMessage('reportPassageCount', { count, rewritten }).catch(() => undefined);
  }
}

/** Whether the passage's range still holds text in the document (a framework may have replaced its nodes). */
export function isStillPainted(passage: PaintedPassage): boolean {
  return !passage.range.collapsed && passage.range.startContainer.isConnected && passage.range.endContainer.isConnected;
}

/** Whether two passages cover the same range and are painted the same way (public or private). */
export function isSamePassage(a: PaintedPassage, b: PaintedPassage): boolean {
  return a.private === b.private && sameRange(a.range, b.range);
}

function sameRange(a: Range, b: Range): boolean {
  return a.startContainer === b.startContainer && a.startOffset === b.startOffset && a.endContainer === b.endContainer && a.endOffset === b.endOffset;
}

/** Document order of two ranges' starts, also across shadow trees (where Range comparison throws). */
export function compareRanges(a: Range, b: Range): number {
  if (a.startContainer.getRootNode() === b.startContainer.getRootNode()) {
    return a.compareBoundaryPoints(Range.START_TO_START, b);
  }
  const x = hostInDocument(a.startContainer);
  const y = hostInDocument(b.startContainer);
  if (x === y) return 0;
  return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/** The node itself or, inside shadow trees, the outermost shadow host that holds it. */
function hostInDocument(node: Node): Node {
  let current = node;
  for (let root = current.getRootNode(); 'host' in root && root.host instanceof Node; root = current.getRootNode()) {
    current = root.host;
  }
  return current;
}
