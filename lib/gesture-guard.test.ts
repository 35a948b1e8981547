import { describe, expect, it } from 'vitest';
import { GestureGuard } from './gesture-guard';

/** A guard on a clock the test moves by hand. */
function guardAt(start = 0): { guard: GestureGuard; advance: (ms: number) => void } {
  let now = start;
  return { guard: new GestureGuard({ intervalMs: 1000, maxDocsPerTab: 3 }, () => now), advance: (ms) => (now += ms) };
}

describe('GestureGuard', () => {
  it('refuses documents never reported to the tab', () => {
    const { guard } = guardAt();
    guard.reported(1, ['a']);
    expect(guard.allow(1, 'b')).toBe(false);
    expect(guard.allow(2, 'a')).toBe(false);
    expect(guard.allow(1, 'a')).toBe(true);
  });

  it('lets a flood of 500 requests through once per interval', () => {
    const { guard, advance } = guardAt();
    guard.reported(7, ['a']);
    const allowed = Array.from({ length: 500 }, () => guard.allow(7, 'a')).filter(Boolean).length;
    expect(allowed).toBe(1);
    advance(999);
    expect(guard.allow(7, 'a')).toBe(false);
    advance(1);
    expect(guard.allow(7, 'a')).toBe(true);
  });

  it('limits each tab on its own', () => {
    const { guard } = guardAt();
    guard.reported(1, ['a']);
    guard.reported(2, ['a']);
    expect(guard.allow(1, 'a')).toBe(true);
    expect(guard.allow(2, 'a')).toBe(true);
    expect(guard.allow(1, 'a')).toBe(false);
  });

  it('forgets the documents of a page when the tab navigates, but not the rate', () => {
    const { guard, advance } = guardAt();
    guard.reported(1, ['a']);
    expect(guard.allow(1, 'a')).toBe(true);
    guard.navigated(1);
    guard.reported(1, ['b']);
    expect(guard.allow(1, 'a')).toBe(false);
    expect(guard.allow(1, 'b')).toBe(false);
    advance(1000);
    expect(guard.allow(1, 'b')).toBe(true);
  });

  it('keeps the most recently reported documents when over its bound', () => {
    const { guard, advance } = guardAt();
    guard.reported(1, ['a', 'b', 'c']);
    guard.reported(1, ['a', 'd']);
    expect(guard.allow(1, 'b')).toBe(false);
    for (const doc of ['a', 'c', 'd']) {
      expect(guard.allow(1, doc)).toBe(true);
      advance(1000);
    }
  });

  it('limits opening sources and dismissing passages each on its own', () => {
    const { guard } = guardAt(5000);
    guard.reported(1, ['a']);
    expect(guard.allow(1, 'a', 'openSource')).toBe(true);
    // "Not a match here" right after "Open source": both are a person's clicks.
    expect(guard.allow(1, 'a', 'dismiss')).toBe(true);
    expect(guard.allow(1, 'a', 'dismiss')).toBe(false);
    expect(guard.allow(1, 'a', 'openSource')).toBe(false);
  });

  it('reads a snapshot of the single limit that came before, as holding for both actions', () => {
    const { guard } = guardAt(5500);
    guard.restore({ 1: { docs: ['a'], lastAction: 5000 } });
    expect(guard.allow(1, 'a', 'openSource')).toBe(false);
    expect(guard.allow(1, 'a', 'dismiss')).toBe(false);
  });

  it('forgets a closed tab', () => {
    const { guard } = guardAt();
    guard.reported(1, ['a']);
    guard.remove(1);
    expect(guard.allow(1, 'a')).toBe(false);
  });

  it('survives a service worker restart through its snapshot', () => {
    const { guard } = guardAt(5000);
    guard.reported(1, ['a', 'b']);
    expect(guard.allow(1, 'a')).toBe(true);
    const { guard: next } = guardAt(5500);
    next.restore(JSON.parse(JSON.stringify(guard.snapshot())));
    expect(next.allow(1, 'b')).toBe(false); // 500 ms after the last action
    const { guard: later } = guardAt(6000);
    later.restore(guard.snapshot());
    expect(later.allow(1, 'b')).toBe(true);
    expect(later.allow(1, 'c')).toBe(false);
  });

  it('ignores malformed snapshots', () => {
    const { guard } = guardAt();
    guard.restore({ x: { docs: ['a'] }, 2: { docs: 'a' }, 3: null, 4: { docs: ['a', 5], lastAction: 'now' } });
    guard.restore('garbage');
    expect(guard.snapshot()).toEqual({ 4: { docs: ['a'], lastAction: {} } });
  });
});
