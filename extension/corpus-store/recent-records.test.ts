import { describe, expect, it } from 'vitest';
import { RecentRecords } from './recent-records';

/** A reader of records of `size` bytes that logs what it is asked for. */
function reader(size = 4, stored = (_key: number): boolean => true) {
  const asked: number[][] = [];
  const read = (missing: number[]): Promise<Uint8Array | undefined>[] => {
    asked.push(missing);
    return missing.map(async (key) => (stored(key) ? new Uint8Array(size).fill(key) : undefined));
  };
  return { asked, read };
}

describe('RecentRecords', () => {
  it('reads a record once for readers asking at the same time, and once more only after it was dropped', async () => {
    const records = new RecentRecords<number>(8);
    const { asked, read } = reader();
    const [first, second] = await Promise.all([records.take([1, 2], read), records.take([2, 3], read)]);
    expect(asked).toEqual([[1, 2], [3]]);
    expect(first.map((r) => r![0])).toEqual([1, 2]);
    expect(second.map((r) => r![0])).toEqual([2, 3]);
    // 12 bytes read, 8 kept: 1 was used least recently and went.
    expect(records.keptBytes).toBe(8);
    await records.take([2, 3, 1], read);
    expect(asked).toEqual([[1, 2], [3], [1]]);
  });

  it('keeps neither records not stored nor failed reads, so they are asked again', async () => {
    const records = new RecentRecords<number>(100);
    const { asked, read } = reader(4, (key) => key !== 7);
    expect(await records.take([7], read)).toEqual([undefined]);
    let fail = true;
    const flaky = (missing: number[]): Promise<Uint8Array | undefined>[] =>
      missing.map(async () => {
        if (fail) throw new Error('the connection closed');
        return new Uint8Array(4);
      });
    await expect(records.take([9], flaky)).rejects.toThrow('the connection closed');
    fail = false;
    expect((await records.take([9], flaky))[0]).toHaveLength(4);
    await records.take([7], read);
    expect(asked).toEqual([[7], [7]]);
    expect(records.keptBytes).toBe(4);
  });

  it('never drops a record while it is being read', async () => {
    const records = new RecentRecords<number>(0);
    let release!: (bytes: Uint8Array) => void;
    const pending = records.take([1], () => [new Promise<Uint8Array>((resolve) => (release = resolve))]);
    // Over the budget at once, yet the one being read is shared, not asked again.
    const { asked, read } = reader(4);
    await records.take([2], read);
    const again = records.take([1], read);
    release(new Uint8Array(4).fill(1));
    expect((await pending)[0]![0]).toBe(1);
    expect((await again)[0]![0]).toBe(1);
    expect(asked).toEqual([[2]]);
    expect(records.keptBytes).toBe(0);
  });
});
