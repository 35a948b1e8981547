/**
 * A drop-in for WXT's `ContentScriptContext` (wxt/utils/content-script-context)
 * without its start-up handshake.
 *
 * WXT 0.20's context, on construction, posts
 * `{type: "<extension id>:content:wxt:content-script-started"}` to the window and
 * dispatches a same-named event on the document, and shuts the script down when
 * it sees that event again: every page learned the extension's id and could
 * switch Sourcelight off by re-sending it (issue 12, point 2). The handshake only
 * serves development reloads, where a new copy of the script replaces the old one.
 * `wxt.config.ts` aliases WXT's module to this one, so nothing page-visible is
 * sent or listened for; the context is invalidated only when the extension is
 * (its runtime id disappears on update or removal).
 */

import { browser } from 'wxt/browser';

/**
 * The part of WXT's context this extension uses (`signal` and invalidation),
 * with no page-visible side effects. WXT's timer and `wxt:` event helpers are
 * left out on purpose: its location watcher dispatches page-visible events too.
 */
export class ContentScriptContext {
  private readonly abortController = new AbortController();

  constructor(
    readonly contentScriptName: string,
    readonly options?: unknown,
  ) {}

  /** Aborts when the context is invalidated. */
  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  /** Invalidates the context. */
  abort(reason?: unknown): void {
    this.abortController.abort(reason);
  }

  /** Whether the extension was updated or removed (its content scripts are orphaned then). */
  get isInvalid(): boolean {
    if (browser.runtime?.id == null) this.notifyInvalidated();
    return this.signal.aborted;
  }

  get isValid(): boolean {
    return !this.isInvalid;
  }

  /** Calls `cb` on invalidation; returns a function that removes it. */
  onInvalidated(cb: () => void): () => void {
    this.signal.addEventListener('abort', cb);
    return () => this.signal.removeEventListener('abort', cb);
  }

  /** Invalidates the context and runs every `onInvalidated` listener. */
  notifyInvalidated(): void {
    this.abort('Content script context invalidated');
  }
}
