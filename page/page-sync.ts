/**
 * Keeps the painted passages in step with the page: one full read at start and
 * whenever the settings change what matches, then only the blocks that changed
 * (page/dom-watch.ts says what counts as a change).
 */
import { containsDeep, DomWatch, publishStats, type DomChange } from './dom-watch';
import type { MatchClient } from './match-client';
import { isSamePassage, isStillPainted, type PaintedPassage, type PaintedPassages } from './painted-passages';
import type { PassagePainter } from './passage-painter';
import { scanPassages } from './passage-scanner';
import type { ReaderChoices } from './reader-choices';

/** What the page sync works with. */
export interface PageSyncParts {
  choices: ReaderChoices;
  matcher: MatchClient;
  passages: PaintedPassages;
  painter: PassagePainter;
  /** Whether `element` is one of the extension's own (card host, overlay host, fallback mark): never read, changes inside ignored. */
  isOwnElement(element: Element): boolean;
}

/** Reads the page of `document` and follows its changes until `signal` aborts. */
export class PageSync {
  private readonly watch: DomWatch;
  /** Bumped on every full read: results of older reads are dropped. */
  private generation = 0;
  /** The body of the last full read; a page that swaps its body is read whole. */
  private observedBody: HTMLElement | null;

  constructor(
    private readonly document: Document,
    private readonly parts: PageSyncParts,
    private readonly signal: AbortSignal,
  ) {
    this.observedBody = document.body;
    this.watch = new DomWatch(
      document,
      {
        // The fallback marks wrap page text, so a change inside one is ours too.
        isOwn: (element) => {
          for (let e: Element | null = element; e; e = e.parentElement) if (parts.isOwnElement(e)) return true;
          return false;
        },
        needsRepaint: () => !parts.passages.all.every(isStillPainted),
        onChange: (change) => this.applyChange(change),
      },
      signal,
    );
    publishStats(this.watch.stats);
  }

  /**
   * Reads the whole page again. The old passages stay painted until the new ones
   * are ready, so highlights do not blink off during a long read.
   */
  async readAll(): Promise<void> {
    const generation = ++this.generation;
    const { passages, painter, choices } = this.parts;
    this.observedBody = this.document.body;
    if (!choices.isActive) {
      passages.remove(passages.all);
      painter.clear();
      return;
    }
    const found = await this.scan(this.document.body ?? this.document.documentElement, generation);
    if (found === null) return;
    // A passage still painted keeps its range but takes the new sources (the
    // rewritten switch may have dropped some); one whose kind changed is repainted.
    const counterpart = (p: PaintedPassage): PaintedPassage | undefined => found.find((f) => isSamePassage(f, p));
    passages.remove(passages.all.filter((p) => counterpart(p)?.kind !== p.kind));
    for (const passage of passages.all) passage.matches = counterpart(passage)?.matches ?? passage.matches;
    painter.attachOverlay();
    passages.add(found);
  }

  private async applyChange(change: DomChange): Promise<void> {
    const { passages, choices } = this.parts;
    if (this.signal.aborted || !choices.isActive) return;
    // A new route replaced the article: nothing of the old one may stay listed,
    // not even for the time the new one takes to read.
    if (change.navigated) passages.remove(passages.all);
    // Ranges whose text was replaced collapse or lose their nodes.
    passages.remove(passages.all.filter((p) => !isStillPainted(p)));
    if (change.full || this.document.body !== this.observedBody) {
      await this.readAll();
      return;
    }
    const generation = this.generation;
    for (const root of change.roots) {
      if (!root.isConnected) continue;
      const found = await this.scan(root, generation);
      if (found === null) return;
      // What the block no longer shows (removed, replaced or hidden again) stops counting.
      passages.remove(
        passages.all.filter((p) => containsDeep(root, p.range.startContainer) && !found.some((f) => isSamePassage(f, p) && f.text === p.text)),
      );
      passages.add(found);
    }
  }

  private scan(root: Node, generation: number): Promise<PaintedPassage[] | null> {
    return scanPassages(root, {
      choices: this.parts.choices,
      matcher: this.parts.matcher,
      exclude: (element) => this.parts.isOwnElement(element),
      onShadowRoot: (shadow) => this.watch.watchShadowRoot(shadow),
      stats: this.watch.stats,
      isCurrent: () => !this.signal.aborted && generation === this.generation,
    });
  }
}
