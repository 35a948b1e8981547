/** The viewer opens in a new tab right after the tab the reader came from (an in-memory browser). */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceRequest } from '../../lib/domain';
import { parseSourceRequest } from './viewer-request';

const request: SourceRequest = {
  docId: 'doc-1',
  active: { docStart: 10, docEnd: 40 },
  passages: [{ docStart: 10, docEnd: 40 }],
  pageUrl: 'https://news.example/story',
  pageTitle: 'A story',
};

/** Imports the module afresh against the fake browser (wxt/browser reads the global at import). */
async function importOpenViewer(): Promise<typeof import('./open-viewer')> {
  vi.resetModules();
  return import('./open-viewer');
}

/** What `tabs.create` was called with, once. */
function createdWith(create: ReturnType<typeof vi.spyOn>): Record<string, unknown> {
  expect(create).toHaveBeenCalledTimes(1);
  return create.mock.calls[0]![0] as Record<string, unknown>;
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal('chrome', fakeBrowser);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('openSourceViewer', () => {
  it('opens the viewer on the request right after its opener, with the opener as opener', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const { openSourceViewer } = await importOpenViewer();
    await openSourceViewer(request, { id: 7, index: 3 });
    const { url, ...placement } = createdWith(create);
    expect(placement).toEqual({ index: 4, openerTabId: 7 });
    expect(String(url).startsWith(fakeBrowser.runtime.getURL('/source.html'))).toBe(true);
    expect(parseSourceRequest(new URL(String(url)).searchParams)).toEqual(request);
  });

  it('leaves the placement to the browser without an opener (the options page)', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const { openSourceViewer } = await importOpenViewer();
    await openSourceViewer(request);
    expect(Object.keys(createdWith(create))).toEqual(['url']);
  });

  it('uses what is known of the opener: an id without a position still names the opener', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const { openSourceViewer } = await importOpenViewer();
    await openSourceViewer(request, { id: 5 });
    expect(createdWith(create)).toEqual({ url: expect.any(String), openerTabId: 5 });
  });
});
