/**
 * The in-page feature: find passages reused from the corpus, paint them, and
 * explain them on hover or keyboard focus.
 *
 * Page text goes to the extension's background (same device, same browser) and
 * comes back as spans; nothing is sent anywhere else.
 */
import { formatCitation } from '../citation';
import { onMessage, sendMessage, type PageReport, type SourcedMatch } from '../messages';
import { passageKey } from '../passage-key';
import { dismissalsItem, isCorpusPrivate, isSiteEnabled, parseDismissals, parseSettings, settingsItem, type Dismissal, type Settings } from '../storage';
import type { MatchKind } from '../matcher';
import { HoverCard, type CardMatch } from './hover-card';
import { containsDeep, DomWatch, publishStats, type DomChange } from './dom-watch';
import { PassagePainter } from './passage-painter';
import { createSessionNames } from './session-names';
import { TextModel } from './text-model';
import { hasUserActivation, trusted } from './trusted-events';
import { sliceDeadline, yieldToMain } from './yield-to-main';

/** One painted passage of the page and every corpus source it was found in. */
interface PaintedPassage {
  range: Range;
  text: string;
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

/** Main-thread work per slice; well under the 50 ms that makes a long task. */
const SLICE_MS = 30;
/** Grace period for moving the pointer from a highlight into its card. */
const HIDE_DELAY_MS = 250;
/** Pages (or changed blocks) with fewer characters cannot hold a minimum-length match. */
const MIN_SCAN_CHARS = 30;
/** Texts up to this length have their matches cached, up to this many texts. */
const MAX_CACHED_CHARS = 20_000;
const MAX_CACHED_TEXTS = 64;

/** Starts highlighting in `document` until `signal` aborts. */
export async function startProvenanceHighlights(document: Document, signal: AbortSignal): Promise<void> {
  const view = document.defaultView;
  if (!view || !document.documentElement) return;
  const hostname = view.location.hostname;
  let settings: Settings = parseSettings(await settingsItem.getValue());
  let dismissals: Dismissal[] = parseDismissals(await dismissalsItem.getValue());
  if (signal.aborted) return;

  const painter = new PassagePainter(document, createSessionNames());
  const applyStyle = (): void =>
    painter.apply(
      { style: settings.highlightStyle, color: settings.highlightColor },
      { style: settings.rewrittenHighlightStyle, color: settings.rewrittenHighlightColor },
    );
  applyStyle();
  const isTopFrame = view === view.top;
  const isOwnElement = (element: Element): boolean => card.isHost(element) || painter.isOwnElement(element);
  /** Whether `element` is one of ours or inside one (the fallback marks wrap page text). */
  const isInOwnElement = (element: Element): boolean => {
    for (let e: Element | null = element; e; e = e.parentElement) if (isOwnElement(e)) return true;
    return false;
  };
  let passages: PaintedPassage[] = [];
  /** Bumped on every full rescan: results of older scans are dropped. */
  let generation = 0;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let current: PaintedPassage | null = null;

  const card = new HoverCard(document, {
    openSource(match) {
      // One tab per real gesture; the background limits the rate as well (lib/gesture-guard.ts).
      if (!hasUserActivation(view)) return;
      const passagesOfDoc = passages.flatMap((p) => p.matches.filter((m) => m.docId === match.docId));
      void sendMessage('openSource', {
        docId: match.docId,
        active: { docStart: match.docStart, docEnd: match.docEnd },
        passages: passagesOfDoc.map((m) => ({ docStart: m.docStart, docEnd: m.docEnd })),
        pageUrl: view.location.href,
        pageTitle: document.title,
      });
    },
    async copyCitation(match) {
      await view.navigator.clipboard.writeText(
        formatCitation({
          pageUrl: view.location.href,
          pageTitle: document.title,
          pageText: match.pageText,
          source: match.source,
          sourceText: match.sourceText,
          similarity: match.similarity,
          kind: match.kind,
        }),
      );
    },
    dismiss(match) {
      // Compared by value: a re-read of the block while the card was open gives the
      // passage new match objects for the same sources.
      const isDismissedMatch = (m: CardMatch): boolean =>
        m.docId === match.docId && m.pageStart === match.pageStart && m.pageEnd === match.pageEnd && m.docStart === match.docStart;
      const passage = passages.find((p) => p.matches.some(isDismissedMatch));
      const dismissal = { site: hostname, docId: match.docId, passageHash: passageKey(match.pageText) };
      dismissals = [...dismissals, dismissal];
      // Stored by the background, which allows it only for a document matched in this tab, at a person's pace.
      void sendMessage('dismissPassage', dismissal).catch(() => undefined);
      if (passage) {
        passage.matches = passage.matches.filter((m) => !isDismissedMatch(m));
        if (passage.matches.length === 0) removePassages([passage]);
      }
      hideCard();
    },
  });

  const isDismissed = (docId: string, text: string): boolean => {
    const mine = dismissals.filter((d) => d.site === hostname && d.docId === docId);
    if (mine.length === 0) return false;
    const key = passageKey(text);
    return mine.some((d) => d.passageHash === key);
  };

  /**
   * Matches of recently read texts. A framework that re-renders a block with the
   * same text gets its passages back without another trip to the background.
   */
  const matchCache = new Map<string, SourcedMatch[]>();

  async function matchText(text: string): Promise<SourcedMatch[]> {
    const key = `${settings.minWords}|${settings.minSimilarity}|${text}`;
    const cached = matchCache.get(key);
    if (cached) return cached;
    const matches = await sendMessage('findMatches', {
      text,
      options: { minWords: settings.minWords, minSimilarity: settings.minSimilarity },
    });
    if (text.length <= MAX_CACHED_CHARS) {
      matchCache.set(key, matches);
      if (matchCache.size > MAX_CACHED_TEXTS) matchCache.delete(matchCache.keys().next().value!);
    }
    return matches;
  }

  /** Reads `root` in slices and returns the passages to paint in it (null when superseded). */
  async function scan(root: Node, scanGeneration: number): Promise<PaintedPassage[] | null> {
    const reader = TextModel.reader(root, { exclude: isOwnElement, onShadowRoot: (shadow) => watch.watchShadowRoot(shadow) });
    while (!reader.step(sliceDeadline(SLICE_MS))) {
      await yieldToMain();
      if (signal.aborted || scanGeneration !== generation) return null;
    }
    const model = reader.result();
    watch.stats.reads++;
    watch.stats.charsRead += model.text.length;
    if (model.text.length < MIN_SCAN_CHARS) return [];
    // With rewritten passages switched off they are dropped here, before grouping:
    // neither painted, nor counted, nor listed.
    const matches = (await matchText(model.text)).filter((m) => settings.showRewritten || m.kind !== 'rewritten');
    if (signal.aborted || scanGeneration !== generation) return null;
    const found: PaintedPassage[] = [];
    const isPrivate = (m: SourcedMatch): boolean => isCorpusPrivate(settings, m.corpus.id);
    for (const privateGroup of [false, true]) {
      for (const group of groupOverlapping(matches.filter((m) => isPrivate(m) === privateGroup))) {
        const text = model.text.slice(group.start, group.end);
        const kept = group.matches
          .map((m) => ({ ...m, pageText: model.text.slice(m.pageStart, m.pageEnd) }))
          .filter((m) => !isDismissed(m.docId, m.pageText));
        const range = kept.length > 0 ? model.rangeFor(group.start, group.end) : null;
        const kind = kept.some((m) => m.kind === 'copied') ? 'copied' : 'rewritten';
        if (range) found.push({ range, text, matches: kept, kind, private: privateGroup });
      }
    }
    return found;
  }

  /** Paints `found`, skipping passages already painted (a block read twice). */
  function addPassages(found: PaintedPassage[]): void {
    const fresh = found.filter((f) => !passages.some((p) => p.private === f.private && sameRange(p.range, f.range)));
    passages.push(...fresh);
    passages.sort((a, b) => compareRanges(a.range, b.range));
    painter.add(fresh);
    reportCount();
  }

  /** Tells the background how many passages (of them rewritten) this frame paints, for the toolbar badge. */
  let lastReported = '';
  function reportCount(): void {
    const counts = { count: passages.length, rewritten: passages.filter((p) => p.kind === 'rewritten').length };
    if (`${counts.count}/${counts.rewritten}` === lastReported || signal.aborted) return;
    lastReported = `${counts.count}/${counts.rewritten}`;
    void sendMessage('reportPassageCount', counts).catch(() => undefined);
  }

  function removePassages(removed: PaintedPassage[]): void {
    if (removed.length === 0) return;
    const gone = new Set(removed);
    passages = passages.filter((p) => !gone.has(p));
    painter.remove(removed);
    if (current && gone.has(current)) hideCard();
    reportCount();
  }

  /**
   * Reads the whole page again. The old passages stay painted until the new ones
   * are ready, so highlights do not blink off during a long read.
   */
  async function rescanAll(): Promise<void> {
    const scanGeneration = ++generation;
    observedBody = document.body;
    if (!isSiteEnabled(settings, hostname)) {
      removePassages([...passages]);
      painter.clear();
      return;
    }
    const found = await scan(document.body ?? document.documentElement, scanGeneration);
    if (found === null) return;
    // A passage still painted keeps its range but takes the new sources (the
    // rewritten switch may have dropped some); one whose kind changed is repainted.
    const counterpart = (p: PaintedPassage): PaintedPassage | undefined =>
      found.find((f) => f.private === p.private && sameRange(f.range, p.range));
    removePassages(passages.filter((p) => counterpart(p)?.kind !== p.kind));
    for (const passage of passages) passage.matches = counterpart(passage)?.matches ?? passage.matches;
    painter.attachOverlay();
    addPassages(found);
  }

  // --- Dynamic pages: read again only what changed (lib/page/dom-watch.ts). ---
  let observedBody: HTMLElement | null = document.body;
  const isPainted = (p: PaintedPassage): boolean => !p.range.collapsed && p.range.startContainer.isConnected && p.range.endContainer.isConnected;
  const watch = new DomWatch(
    document,
    {
      isOwn: isInOwnElement,
      needsRepaint: () => !passages.every(isPainted),
      onChange: (change) => applyChange(change),
    },
    signal,
  );
  publishStats(watch.stats);

  async function applyChange(change: DomChange): Promise<void> {
    if (signal.aborted || !isSiteEnabled(settings, hostname)) return;
    // A new route replaced the article: nothing of the old one may stay listed,
    // not even for the time the new one takes to read.
    if (change.navigated) removePassages([...passages]);
    // Ranges whose text was replaced collapse or lose their nodes.
    removePassages(passages.filter((p) => !isPainted(p)));
    if (change.full || document.body !== observedBody) {
      await rescanAll();
      return;
    }
    const scanGeneration = generation;
    for (const root of change.roots) {
      if (!root.isConnected) continue;
      const found = await scan(root, scanGeneration);
      if (found === null) return;
      // What the block no longer shows (removed, replaced or hidden again) stops counting.
      removePassages(
        passages.filter(
          (p) => containsDeep(root, p.range.startContainer) && !found.some((f) => f.private === p.private && sameRange(f.range, p.range) && f.text === p.text),
        ),
      );
      addPassages(found);
    }
  }

  // --- Hover and keyboard: show the card for the passage under the pointer or focus. ---
  let pointer: { x: number; y: number } | null = null;
  let frame = 0;
  const hideCard = (): void => {
    clearTimeout(hideTimer);
    card.hide();
    current = null;
    painter.setActive(null);
  };
  const scheduleHide = (): void => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideCard, HIDE_DELAY_MS);
  };
  const showCard = (passage: PaintedPassage): void => {
    clearTimeout(hideTimer);
    if (current === passage) return;
    current = passage;
    painter.setActive(passage);
    // Private passages are explained outside the page: any in-page card is readable by it.
    if (passage.private) {
      card.hide();
      return;
    }
    try {
      card.show(passage.range, { matches: passage.matches }, {
        onEnter: () => clearTimeout(hideTimer),
        onLeave: scheduleHide,
      });
    } catch (error) {
      // A document that cannot host the card (exotic XML) keeps its highlights, without a card.
      hideCard();
      console.debug('[Sourcelight] card', error);
    }
  };
  const checkPointer = (): void => {
    frame = 0;
    if (!pointer || passages.length === 0) return;
    const passage = passageAt(document, passages, pointer.x, pointer.y);
    if (passage) showCard(passage);
    else if (current) scheduleHide();
  };

  // Trusted events only: a page dispatching a synthetic pointermove opened the card (issue 12, point 1).
  view.addEventListener(
    'pointermove',
    trusted((event: PointerEvent) => {
      if (card.contains(event.target as Node)) return;
      pointer = { x: event.clientX, y: event.clientY };
      if (!frame) frame = view.requestAnimationFrame(checkPointer);
    }),
    { passive: true, signal },
  );
  view.addEventListener(
    'keydown',
    trusted((event: KeyboardEvent) => {
      if (event.key === 'Escape' && card.isOpen) hideCard();
    }),
    { signal },
  );
  // A page can move focus itself (`element.focus()` fires a trusted focusin), so
  // focus opens the card only while the reader is using the keyboard or pointer.
  document.addEventListener(
    'focusin',
    trusted((event: FocusEvent) => {
      const target = event.target as Node | null;
      if (!target || card.contains(target) || !hasUserActivation(view)) return;
      const passage = passages.find((p) => p.range.intersectsNode(target));
      if (passage) showCard(passage);
      else if (current) hideCard();
    }),
    { signal },
  );

  const unwatchSettings = settingsItem.watch((value) => {
    const previous = settings;
    settings = parseSettings(value);
    applyStyle();
    // Appearance alone changes nothing about which passages match.
    const matchingChanged = (['enabled', 'disabledSites', 'minWords', 'minSimilarity', 'showRewritten', 'corpusPrivacy'] as const).some(
      (key) => JSON.stringify(previous[key]) !== JSON.stringify(settings[key]),
    );
    if (matchingChanged) void rescanAll();
  });

  // --- Toolbar: the popup and keyboard commands talk to the top frame. ---
  const focusPassage = (index: number): void => {
    const passage = passages[index];
    if (!passage) return;
    const element = passage.range.startContainer.parentElement;
    element?.scrollIntoView({ block: 'center', behavior: 'instant' });
    current = null;
    showCard(passage);
  };
  // Every frame answers for its own passages (the popup merges the frames'
  // reports); stepping through passages is the top frame's.
  const removeListeners = [
    onMessage('getPageReport', () => buildReport()),
    onMessage('focusPassage', ({ data }) => focusPassage(data.index)),
    ...(isTopFrame
    ? [
        onMessage('stepPassage', ({ data }) => {
          if (passages.length === 0) return;
          const from = current ? passages.indexOf(current) : data.direction > 0 ? -1 : 0;
          focusPassage((from + data.direction + passages.length) % passages.length);
        }),
      ]
    : []),
  ];

  const buildReport = async (): Promise<PageReport> => {
    const reader = TextModel.reader(document.body ?? document.documentElement, { exclude: isOwnElement });
    while (!reader.step(sliceDeadline(SLICE_MS))) await yieldToMain();
    const visible = (text: string): number => text.replace(/\s+/g, '').length;
    return {
      pageUrl: view.location.href,
      pageTitle: document.title,
      pageChars: visible(reader.result().text),
      reusedChars: passages.reduce((sum, p) => sum + visible(p.text), 0),
      active: isSiteEnabled(settings, hostname),
      passages: passages.map((passage, index) => ({
        index,
        pageText: passage.text,
        kind: passage.kind,
        sources: passage.matches.map((m) => ({
          kind: m.kind,
          docId: m.docId,
          title: m.source.title,
          outlet: m.source.outlet,
          published: m.source.published,
          url: m.source.url,
          similarity: m.similarity,
          docStart: m.docStart,
          docEnd: m.docEnd,
          sourceText: m.sourceText,
          pageText: m.pageText,
          documentLength: m.documentLength,
        })),
      })),
    };
  };
  const unwatchDismissals = dismissalsItem.watch((value) => {
    dismissals = parseDismissals(value);
  });
  signal.addEventListener('abort', () => {
    clearTimeout(hideTimer);
    if (frame) view.cancelAnimationFrame(frame);
    unwatchSettings();
    unwatchDismissals();
    for (const remove of removeListeners) remove();
    card.hide();
    painter.clear();
    passages = [];
  });

  await rescanAll();
}

/** Clusters spans that overlap on the page: one painted passage, several sources. */
function groupOverlapping(matches: SourcedMatch[]): { start: number; end: number; matches: SourcedMatch[] }[] {
  const groups: { start: number; end: number; matches: SourcedMatch[] }[] = [];
  for (const match of [...matches].sort((a, b) => a.pageStart - b.pageStart)) {
    const last = groups[groups.length - 1];
    if (last && match.pageStart < last.end) {
      last.end = Math.max(last.end, match.pageEnd);
      last.matches.push(match);
    } else {
      groups.push({ start: match.pageStart, end: match.pageEnd, matches: [match] });
    }
  }
  for (const group of groups) rankSources(group.matches);
  return groups;
}

/**
 * Orders the sources of one passage. Sources that carry most of it come first
 * (one sharing only a phrase must not headline the card); among those the
 * earliest published (undated after dated), then the most words matched.
 */
function rankSources(matches: SourcedMatch[]): void {
  const most = Math.max(...matches.map((m) => m.matchedWords));
  const isMajor = (m: SourcedMatch): boolean => m.matchedWords >= 0.6 * most;
  matches.sort((a, b) => {
    if (isMajor(a) !== isMajor(b)) return isMajor(a) ? -1 : 1;
    const da = a.source.published;
    const db = b.source.published;
    if (da && db && da !== db) return da < db ? -1 : 1;
    if (Boolean(da) !== Boolean(db)) return da ? -1 : 1;
    return b.matchedWords - a.matchedWords || b.similarity - a.similarity;
  });
}

/** Document order of two ranges' starts, also across shadow trees (where Range comparison throws). */
function compareRanges(a: Range, b: Range): number {
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

function sameRange(a: Range, b: Range): boolean {
  return a.startContainer === b.startContainer && a.startOffset === b.startOffset && a.endContainer === b.endContainer && a.endOffset === b.endOffset;
}

/** The painted passage whose text is under the viewport point, if any. */
function passageAt(document: Document, passages: PaintedPassage[], x: number, y: number): PaintedPassage | null {
  // Without the open shadow roots named, the caret stops at their hosts
  // (https://drafts.csswg.org/cssom-view/#dom-document-caretpositionfrompoint).
  const shadowRoots = [...new Set(passages.map((p) => p.range.startContainer.getRootNode()))].filter(
    (root): root is ShadowRoot => root !== document,
  );
  const caret = caretAt(document, x, y, shadowRoots);
  if (!caret) return null;
  for (const passage of passages) {
    let inside: boolean;
    try {
      inside = passage.range.isPointInRange(caret.node, caret.offset);
    } catch {
      continue; // the caret is in another tree (e.g. a shadow root)
    }
    // The caret snaps to the nearest character even past the end of a line;
    // only count it when the pointer is really over the passage's text boxes.
    if (inside && [...passage.range.getClientRects()].some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) {
      return passage;
    }
  }
  return null;
}

function caretAt(document: Document, x: number, y: number, shadowRoots: ShadowRoot[]): { node: Node; offset: number } | null {
  if (typeof document.caretPositionFromPoint === 'function') {
    const position = document.caretPositionFromPoint(x, y, { shadowRoots });
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  const range = document.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}
