import { describe, expect, it } from 'vitest';
import { badgeTitle, PassageBadge } from './passage-badge';

describe('PassageBadge', () => {
  const record = (): { badge: PassageBadge; texts: Map<number, string> } => {
    const texts = new Map<number, string>();
    return { badge: new PassageBadge((tab, text) => texts.set(tab, text)), texts };
  };

  it('sums the counts reported by the frames of a tab', () => {
    const { badge, texts } = record();
    badge.report(7, 0, 3);
    badge.report(7, 12, 2);
    expect(texts.get(7)).toBe('5');
    badge.report(7, 12, 1);
    expect(texts.get(7)).toBe('4');
  });

  it('shows nothing for zero and caps large counts', () => {
    const { badge, texts } = record();
    badge.report(1, 0, 0);
    expect(texts.get(1)).toBe('');
    badge.report(2, 0, 1500);
    expect(texts.get(2)).toBe('999+');
  });

  it('clears a tab on reset without touching other tabs', () => {
    const { badge, texts } = record();
    badge.report(1, 0, 2);
    badge.report(2, 0, 4);
    badge.reset(1);
    expect(texts.get(1)).toBe('');
    expect(badge.total(1)).toBe(0);
    expect(texts.get(2)).toBe('4');
  });

  it('splits the count into copied and rewritten passages in the tooltip, and shows the plain name at zero', () => {
    const titles = new Map<number, string>();
    const badge = new PassageBadge(() => undefined, (tab, title) => titles.set(tab, title));
    badge.report(3, 0, 4, 1);
    badge.report(3, 9, 2, 2);
    expect(badge.byKind(3)).toEqual({ copied: 3, rewritten: 3 });
    expect(badge.total(3)).toBe(6);
    expect(titles.get(3)).toBe('Sourcelight · passages on this page: 3 copied, 3 rewritten');
    badge.report(3, 0, 0, 0);
    badge.report(3, 9, 0, 0);
    expect(titles.get(3)).toBe('Sourcelight');
    badge.report(3, 0, 1);
    badge.reset(3);
    expect(titles.get(3)).toBe('Sourcelight');
  });

  it('never counts more rewritten passages than a frame paints', () => {
    const badge = new PassageBadge(() => undefined);
    badge.report(1, 0, 2, 5);
    expect(badge.byKind(1)).toEqual({ copied: 0, rewritten: 2 });
    expect(badgeTitle({ copied: 0, rewritten: 2 })).toBe('Sourcelight · passages on this page: 0 copied, 2 rewritten');
  });
});
