/**
 * Reads and drives the hover card, a `<div>` on `<html>` whose shadow root is
 * closed: Playwright locators cannot pierce it, the DevTools protocol can.
 *
 * Every call asks for a fresh document (`DOM.getDocument` with `pierce`), finds
 * the card host and its shadow root, resolves that root to a JS object and runs
 * a function on it with `Runtime.callFunctionOn`.
 */
import type { CDPSession, Page } from '@playwright/test';

/** A node of CDP's `DOM.getDocument` tree (shadow roots included with `pierce`). */
export interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeName: string;
  localName?: string;
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
  attributes?: string[];
  contentDocument?: DomNode;
}

/**
 * Whether `node` hosts the card: a `<div>` with a closed shadow root holding a
 * `.card` element (the overlay host has a closed root too, without a card).
 */
export function isCardHost(node: DomNode): boolean {
  const root = node.shadowRoots?.[0];
  return node.localName === 'div' && Boolean(root?.children?.some((child) => hasClass(child, 'card')));
}

function hasClass(node: DomNode, name: string): boolean {
  const attributes = node.attributes ?? [];
  for (let i = 0; i + 1 < attributes.length; i += 2) {
    if (attributes[i] === 'class' && attributes[i + 1]!.split(/\s+/).includes(name)) return true;
  }
  return false;
}

const sessions = new WeakMap<Page, CDPSession>();

/** One CDP session per page, with the DOM and Runtime domains enabled. */
export async function cdp(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    await session.send('DOM.enable');
    await session.send('Runtime.enable');
    sessions.set(page, session);
  }
  return session;
}

function findHosts(node: DomNode, found: DomNode[] = []): DomNode[] {
  if (isCardHost(node)) found.push(node);
  for (const child of node.children ?? []) findHosts(child, found);
  for (const root of node.shadowRoots ?? []) findHosts(root, found);
  return found;
}

/** The card host and its shadow root, or null when there is no card in the document. */
async function locateCard(page: Page): Promise<{ host: DomNode; shadowRoot: DomNode | null } | null> {
  const session = await cdp(page);
  const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  // The card is appended to <html>: look at the top document only, not into iframes.
  const html = (root.children ?? []).find((child) => child.localName === 'html');
  const hosts = html ? findHosts(html) : [];
  const host = hosts[hosts.length - 1];
  if (!host) return null;
  return { host, shadowRoot: host.shadowRoots?.[0] ?? null };
}

/**
 * Runs `fn` in the page with the card's shadow root as `this`, returning its
 * JSON result, or `null` when there is no card (or no shadow root).
 */
async function onShadowRoot<T>(page: Page, fn: string, args: unknown[] = []): Promise<T | null> {
  const card = await locateCard(page);
  if (!card?.shadowRoot) return null;
  const session = await cdp(page);
  const { object } = await session.send('DOM.resolveNode', { backendNodeId: card.shadowRoot.backendNodeId });
  if (!object.objectId) return null;
  try {
    const result = await session.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: fn,
      arguments: args.map((value) => ({ value })),
      returnByValue: true,
      awaitPromise: true,
    });
    if (result.exceptionDetails) throw new Error(`card script failed: ${result.exceptionDetails.text}`);
    return result.result.value as T;
  } finally {
    await session.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => undefined);
  }
}

/** What the card shows; `visible` is false when there is no card or it is hidden. */
export interface CardState {
  present: boolean;
  shadowRootType: string | null;
  visible: boolean;
  title: string | null;
  similarity: string | null;
  sourcePassage: string | null;
  /** `innerHTML` of the source passage, to see the `<ins>`/`<del>` diff. */
  sourcePassageHtml: string | null;
  /** Text of each `<ins>` and `<del>` inside the source passage. */
  insertions: string[];
  deletions: string[];
  /** Text of each `li` of `[data-part="sources"]`. */
  sources: string[];
  /** `data-action` of every button present. */
  actions: string[];
  /** "Copied" or "Rewritten" (`[data-part="kind"]`). */
  kind: string | null;
  /** Rows of a rewritten passage's sentence table: page sentence, source sentence(s), and the words in bold on each side. */
  pairs: CardSentencePair[];
}

/** One row of the card's sentence table. */
export interface CardSentencePair {
  page: string;
  source: string;
  pageBold: string[];
  sourceBold: string[];
}

const READ_CARD = `function () {
  const root = this;
  const norm = (s) => (s == null ? null : s.replace(/[\\s\\u00a0]+/g, ' ').trim());
  const part = (name) => root.querySelector('[data-part="' + name + '"]');
  const text = (name) => { const el = part(name); return el ? norm(el.textContent) : null; };
  const host = root.host;
  const visibleEl = (el) => {
    if (!el || !el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  };
  const passage = part('source-passage');
  const sources = part('sources');
  return {
    present: true,
    visible: !!host && host.isConnected && !host.hidden && visibleEl(part('title') || root.firstElementChild),
    title: text('title'),
    similarity: text('similarity'),
    sourcePassage: text('source-passage'),
    sourcePassageHtml: passage ? passage.innerHTML : null,
    insertions: passage ? [...passage.querySelectorAll('ins')].map((el) => norm(el.textContent)) : [],
    deletions: passage ? [...passage.querySelectorAll('del')].map((el) => norm(el.textContent)) : [],
    sources: sources ? [...sources.querySelectorAll('li')].map((el) => norm(el.textContent)) : [],
    actions: [...root.querySelectorAll('[data-action]')].map((el) => el.getAttribute('data-action')),
    kind: text('kind'),
    pairs: [...root.querySelectorAll('[data-part="sentence-pairs"] tbody tr')].map((row) => {
      const cell = (name) => row.querySelector('[data-part="' + name + '"]');
      const bold = (el) => (el ? [...el.querySelectorAll('strong')].map((b) => norm(b.textContent)) : []);
      return { page: norm(cell('pair-page')?.textContent), source: norm(cell('pair-source')?.textContent), pageBold: bold(cell('pair-page')), sourceBold: bold(cell('pair-source')) };
    }),
  };
}`;

const ABSENT: CardState = {
  present: false,
  shadowRootType: null,
  visible: false,
  title: null,
  similarity: null,
  sourcePassage: null,
  sourcePassageHtml: null,
  insertions: [],
  deletions: [],
  sources: [],
  actions: [],
  kind: null,
  pairs: [],
};

/** Reads the card's parts through the closed shadow root. */
export async function readCard(page: Page): Promise<CardState> {
  const card = await locateCard(page);
  if (!card) return ABSENT;
  const state = await onShadowRoot<Omit<CardState, 'shadowRootType'>>(page, READ_CARD);
  const shadowRootType = (card.shadowRoot as (DomNode & { shadowRootType?: string }) | null)?.shadowRootType ?? null;
  return state ? { ...state, shadowRootType } : { ...ABSENT, present: true, shadowRootType };
}

/** Whether the card's host is a direct child of `<html>`. */
export async function cardIsChildOfHtml(page: Page): Promise<boolean> {
  const card = await locateCard(page);
  if (!card) return false;
  const session = await cdp(page);
  const { object } = await session.send('DOM.resolveNode', { backendNodeId: card.host.backendNodeId });
  if (!object.objectId) return false;
  const result = await session.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: 'function () { return this.parentNode === document.documentElement; }',
    returnByValue: true,
  });
  await session.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => undefined);
  return result.result.value === true;
}

/** The card's box in viewport coordinates, or null when there is no card. */
export async function cardRect(page: Page): Promise<{ top: number; bottom: number; left: number; right: number } | null> {
  return onShadowRoot(
    page,
    `function () {
      const card = this.querySelector('.card');
      if (!card) return null;
      const rect = card.getBoundingClientRect();
      return { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right };
    }`,
  );
}

export type CardAction = 'open-source' | 'copy-citation' | 'dismiss';

/**
 * Clicks a card button with the real mouse: scrolls it into view, reads its box
 * through the protocol and clicks its centre (a trusted click, as a user's).
 */
export async function clickCardButton(page: Page, action: CardAction): Promise<void> {
  const point = await onShadowRoot<{ x: number; y: number } | null>(
    page,
    `function (action) {
      const button = this.querySelector('[data-action="' + action + '"]');
      if (!button) return null;
      button.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const rect = button.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) return null;
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }`,
    [action],
  );
  if (!point) throw new Error(`The card has no visible [data-action="${action}"] button`);
  // Jump straight onto the button (no stops over other text on the way), then click.
  await page.mouse.move(point.x, point.y);
  await page.mouse.down();
  await page.mouse.up();
}
