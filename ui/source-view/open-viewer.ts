/**
 * Opens the source viewer in a new tab. From a page (the hover card, or the
 * popup reporting on a tab) the viewer opens right after that tab, with it as
 * opener, so closing the viewer returns the reader to the article they came from.
 */
import { browser } from 'wxt/browser';
import type { SourceRequest } from '../../lib/domain';
import { sourceViewerUrl, VIEWER_PATH } from './viewer-request';

/** The tab the reader came from, as far as it is known. */
export interface OpenerTab {
  id?: number;
  index?: number;
}

/** The viewer's URL for `request` in this extension. */
export function extensionViewerUrl(request: SourceRequest): string {
  return sourceViewerUrl(browser.runtime.getURL(VIEWER_PATH), request);
}

/** Opens the viewer on `request` in a new tab next to `opener` (at the end of the window without one). */
export async function openSourceViewer(request: SourceRequest, opener?: OpenerTab | null): Promise<void> {
  await browser.tabs.create({
    url: extensionViewerUrl(request),
    ...(opener?.index !== undefined ? { index: opener.index + 1 } : {}),
    ...(opener?.id !== undefined ? { openerTabId: opener.id } : {}),
  });
}
