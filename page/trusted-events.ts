/**
 * Only events the browser generated from real input may drive the card.
 *
 * A page can `dispatchEvent(new PointerEvent('pointermove'))` or `click()` any
 * element it can reach; such events have `isTrusted === false`
 * (https://dom.spec.whatwg.org/#dom-event-istrusted). Without this check a
 * page opened the card and pressed its buttons (issue 12, point 1).
 */

/** Wraps `handler` so it runs for trusted events only. */
export function trusted<E extends Event>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (event.isTrusted) handler(event);
  };
}

/**
 * Whether the frame holds a fresh user gesture
 * (https://html.spec.whatwg.org/multipage/interaction.html#tracking-user-activation).
 * Script-made clicks never grant it. Browsers without the API fall back to the
 * trusted-event check alone.
 */
export function hasUserActivation(view: Window): boolean {
  const activation = (view.navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation;
  return activation ? activation.isActive : true;
}
