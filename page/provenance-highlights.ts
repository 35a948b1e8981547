/**
 * The in-page feature: find passages reused from the corpus, paint them, and
 * explain them on hover or keyboard focus. This file only wires its parts, each
 * with one job and each stopped by the same AbortSignal:
 *
 * - `ReaderChoices`: settings and "Not a match here" choices, kept current;
 * - `PageSync`: reads the page and its changes (`scanPassages` → `MatchClient`);
 * - `PaintedPassages`: the passages in document order, painted and counted;
 * - `PassageCard`: hover, focus and the card's buttons;
 * - `startToolbarLink`: the popup's report and the keyboard commands.
 *
 * Page text goes to the extension's background (same device, same browser) and
 * comes back as spans; nothing is sent anywhere else.
 */
import { MatchClient } from './match-client';
import { PageSync } from './page-sync';
import { PaintedPassages } from './painted-passages';
import { PassageCard } from './passage-card';
import { PassagePainter } from './passage-painter';
import { ReaderChoices } from './reader-choices';
import { createSessionNames } from './session-names';
import { startToolbarLink } from './toolbar-link';

/** Starts highlighting in `document` until `signal` aborts. */
export async function startProvenanceHighlights(document: Document, signal: AbortSignal): Promise<void> {
  const view = document.defaultView;
  if (!view || !document.documentElement) return;
  const choices = await ReaderChoices.load(view.location.hostname, signal);
  if (signal.aborted) return;

  const painter = new PassagePainter(document, createSessionNames());
  const applyAppearance = (): void => {
    const { settings } = choices;
    painter.apply(
      { style: settings.highlightStyle, color: settings.highlightColor },
      { style: settings.rewrittenHighlightStyle, color: settings.rewrittenHighlightColor },
    );
  };
  applyAppearance();
  const passages = new PaintedPassages(painter, signal);
  const card = new PassageCard(document, { passages, painter, choices });
  const isOwnElement = (element: Element): boolean => card.isHost(element) || painter.isOwnElement(element);
  const sync = new PageSync(document, { choices, matcher: new MatchClient(signal), passages, painter, isOwnElement }, signal);
  card.start(signal);
  startToolbarLink(document, { passages, card, choices, isOwnElement }, signal);

  choices.onSettingsChange(({ matching }) => {
    applyAppearance();
    // Appearance alone changes nothing about which passages match.
    if (matching) void sync.readAll();
  });
  signal.addEventListener('abort', () => painter.clear());

  await sync.readAll();
}
