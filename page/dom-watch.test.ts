// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { DomWatch, FIRST_DELAY_MS, MIN_INTERVAL_MS, type DomChange } from './dom-watch';

const controllers: AbortController[] = [];
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.abort();
});

/** Starts a watch on `document` whose batches are collected in the returned array. */
function watch(html: string): { batches: DomChange[]; watcher: DomWatch } {
  document.body.innerHTML = html; // test fixture markup, not data
  const controller = new AbortController();
  controllers.push(controller);
  const batches: DomChange[] = [];
  const watcher = new DomWatch(
    document,
    {
      isOwn: (element) => element.localName === 'sourcelight-card',
      needsRepaint: () => false,
      onChange: async (change) => {
        batches.push(change);
      },
    },
    controller.signal,
  );
  return { batches, watcher };
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (change: DomChange | undefined): string[] => (change?.roots ?? []).map((node) => (node as Element).id);

describe('DomWatch', () => {
  it('reports the block above an element whose attribute changed, so CSS sibling reveals are read', async () => {
    const { batches } = watch('<section id="item"><h3 id="heading"><button id="trigger">More</button></h3><div id="panel">Text</div></section>');
    document.getElementById('trigger')!.setAttribute('aria-expanded', 'true');
    await wait(FIRST_DELAY_MS + 50);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.full).toBe(false);
    expect(ids(batches[0])).toEqual(['item']);
  });

  it('asks for a full read when <body> or <html> changes, or a stylesheet is added', async () => {
    const { batches } = watch('<p id="p">Text</p>');
    document.body.style.visibility = 'visible';
    await wait(FIRST_DELAY_MS + 50);
    expect(batches[0]?.full).toBe(true);
    await wait(MIN_INTERVAL_MS);
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    document.head.append(link);
    await wait(MIN_INTERVAL_MS);
    expect(batches[1]?.full).toBe(true);
  });

  it('ignores changes inside the extension’s own elements', async () => {
    const { batches } = watch('<sourcelight-card id="card"><div id="inside">x</div></sourcelight-card>');
    document.getElementById('inside')!.className = 'open';
    document.getElementById('inside')!.textContent = 'changed';
    await wait(FIRST_DELAY_MS + 50);
    expect(batches).toEqual([]);
  });

  it('observes an open shadow root once it is handed over', async () => {
    const { batches, watcher } = watch('<div id="host"></div>');
    const host = document.getElementById('host')!;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p id="inner">Inside</p>';
    watcher.watchShadowRoot(shadow);
    // Text added to the shadow root itself is read as its host's block.
    shadow.append('more text');
    await wait(FIRST_DELAY_MS + 50);
    expect(batches).toHaveLength(1);
    expect(ids(batches[0])).toEqual(['host']);
  });

  it('delivers at most one batch per interval however fast the page changes', async () => {
    const { batches } = watch('<div id="menu">Menu</div><p>Text</p>');
    const menu = document.getElementById('menu')!;
    const started = performance.now();
    while (performance.now() - started < 1000) {
      menu.hidden = !menu.hidden;
      await wait(10);
    }
    await wait(MIN_INTERVAL_MS);
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(1000 / MIN_INTERVAL_MS) + 2);
    for (const batch of batches) expect(ids(batch)).toEqual(['menu']);
  });

  it('marks a batch as a navigation when the URL changed', async () => {
    const { batches } = watch('<main id="app"><p>Old</p></main>');
    history.pushState({}, '', '?route=new');
    document.getElementById('app')!.innerHTML = '<p>New</p>';
    await wait(FIRST_DELAY_MS + 50);
    expect(batches[0]).toMatchObject({ navigated: true, full: true });
  });
});
