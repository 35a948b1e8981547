import { describe, expect, it } from 'vitest';
import { PassageBadge } from './passage-badge';

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
});
