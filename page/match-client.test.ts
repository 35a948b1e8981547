import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SourcedMatch } from '../lib/domain';
import type { MatchClient as MatchClientType, MatchClientParts } from './match-client';

let MatchClient: typeof MatchClientType;
let PING_WAITS_MS: readonly number[];
let waitUnlessAborted: (ms: number, signal: AbortSignal) => Promise<void>;

beforeAll(async () => {
  // extension/messages reaches the browser's runtime at import.
  vi.stubGlobal('chrome', fakeBrowser);
  ({ MatchClient, PING_WAITS_MS, waitUnlessAborted } = await import('./match-client'));
});

const SETTINGS = { minWords: 8, minSimilarity: 0.5 };
const NO_LISTENER = 'Could not establish connection. Receiving end does not exist.';
const ANSWER = [{ docId: 'shipped:a' } as SourcedMatch];

type PingFate = 'lost' | 'rejected' | 'answered';

/**
 * Parts whose pings meet `fates` in turn (then are answered), whose sends
 * answer ANSWER, and whose waits are recorded and do not sleep: a wait
 * resolves after the microtasks queued before it, so an answered ping wins.
 */
function scriptedParts(fates: PingFate[]): MatchClientParts & { pings: number; sends: number; waits: number[] } {
  const parts = {
    pings: 0,
    sends: 0,
    waits: [] as number[],
    ping: () => {
      const fate = fates[parts.pings++] ?? 'answered';
      if (fate === 'lost') return new Promise<never>(() => undefined);
      return fate === 'rejected' ? Promise.reject(new Error(NO_LISTENER)) : Promise.resolve(true);
    },
    send: () => {
      parts.sends++;
      return Promise.resolve(ANSWER);
    },
    wait: async (ms: number, signal: AbortSignal) => {
      parts.waits.push(ms);
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (signal.aborted) throw signal.reason;
    },
  };
  return parts;
}

describe('MatchClient', () => {
  it('pings once before its first text, then only sends', async () => {
    const parts = scriptedParts([]);
    const client = new MatchClient(new AbortController().signal, parts);
    await expect(client.find('some page text', SETTINGS)).resolves.toEqual(ANSWER);
    await client.find('another page text', SETTINGS);
    expect([parts.pings, parts.sends]).toEqual([1, 2]);
  });

  it('pings again while pings are lost or rejected, and sends the text once one is answered', async () => {
    const parts = scriptedParts(['lost', 'rejected', 'lost']);
    const client = new MatchClient(new AbortController().signal, parts);
    await expect(client.find('some page text', SETTINGS)).resolves.toEqual(ANSWER);
    expect(parts.pings).toBe(4);
    expect(parts.waits).toEqual(PING_WAITS_MS.slice(0, 4));
    expect(parts.sends).toBe(1);
  });

  it('takes a late answer to an earlier ping', async () => {
    let answerFirst!: () => void;
    const parts = scriptedParts([]);
    parts.ping = () => {
      parts.pings++;
      return parts.pings === 1 ? new Promise((resolve) => (answerFirst = () => resolve(true))) : new Promise<never>(() => undefined);
    };
    const wait = parts.wait;
    parts.wait = async (ms, signal) => {
      if (parts.waits.length === 2) answerFirst();
      await wait(ms, signal);
    };
    const client = new MatchClient(new AbortController().signal, parts);
    await expect(client.find('some page text', SETTINGS)).resolves.toEqual(ANSWER);
    expect(parts.pings).toBe(3);
  });

  it('gives up after the last wait without sending the text, and pings afresh for the next text', async () => {
    const parts = scriptedParts(PING_WAITS_MS.map(() => 'lost' as const));
    const client = new MatchClient(new AbortController().signal, parts);
    await expect(client.find('some page text', SETTINGS)).rejects.toThrow("The extension's background did not answer within 15.75 s");
    expect(parts.waits).toEqual(PING_WAITS_MS);
    expect(parts.sends).toBe(0);
    await expect(client.find('some page text', SETTINGS)).resolves.toEqual(ANSWER);
    expect(parts.pings).toBe(PING_WAITS_MS.length + 1);
  });

  it('stops pinging when the feature stops', async () => {
    const controller = new AbortController();
    const parts = scriptedParts(['lost', 'lost', 'lost']);
    const wait = parts.wait;
    parts.wait = (ms, signal) => {
      controller.abort(new Error('stopped'));
      return wait(ms, signal);
    };
    const client = new MatchClient(controller.signal, parts);
    await expect(client.find('some page text', SETTINGS)).rejects.toThrow('stopped');
    expect([parts.pings, parts.sends]).toEqual([1, 0]);
  });

  it('answers a text it has answered from its cache, without asking', async () => {
    const parts = scriptedParts([]);
    const client = new MatchClient(new AbortController().signal, parts);
    await client.find('some page text', SETTINGS);
    await client.find('some page text', SETTINGS);
    expect(parts.sends).toBe(1);
    await client.find('some page text', { ...SETTINGS, minWords: 9 });
    expect(parts.sends).toBe(2);
  });
});

describe('waitUnlessAborted', () => {
  it('resolves after its time', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const waited = waitUnlessAborted(1000, new AbortController().signal).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waited;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects at once when the signal aborts, or has aborted', async () => {
    const controller = new AbortController();
    const waited = waitUnlessAborted(60_000, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waited).rejects.toThrow('stopped');
    await expect(waitUnlessAborted(10, controller.signal)).rejects.toThrow('stopped');
  });
});
