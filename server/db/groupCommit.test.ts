// The group-commit batcher on its own (no database: the commit function stands for a
// transaction). Its users are tested on both databases: webhook.test.ts (inbox writer) and the
// gateway's tests.
import { describe, expect, it, vi } from 'vitest';
import { createGroupCommit, createKeyedGroupCommit, type Outcome } from './groupCommit.js';

const ok = <R>(value: R): Outcome<R> => ({ ok: true, value });

describe('group commit', () => {
  it('commits items submitted in the same turn together, and later ones in the next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const group = createGroupCommit<number, number>({
      commit: async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map((item) => ok(item * 10));
      },
    });
    const first = [1, 2, 3].map((n) => group.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [4, 5].map((n) => group.submit(n)); // while the first batch commits
    release();
    expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('with gatherMs, waits that long after the first item, so items of later turns join its batch', async () => {
    vi.useFakeTimers();
    try {
      const batches: number[][] = [];
      const group = createGroupCommit<number, number>({
        gatherMs: 10,
        commit: async (items) => {
          batches.push(items);
          return items.map((item) => ok(item));
        },
      });
      const first = group.submit(1);
      await vi.advanceTimersByTimeAsync(5);
      const second = group.submit(2); // another turn, within the gathering time
      expect(batches).toEqual([]);
      await vi.advanceTimersByTimeAsync(5);
      expect(await Promise.all([first, second])).toEqual([1, 2]);
      expect(batches).toEqual([[1, 2]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps batches within maxBatch and runs at most maxInFlight at once', async () => {
    const batches: number[][] = [];
    let running = 0;
    let most = 0;
    const group = createGroupCommit<number, number>({
      maxBatch: 2,
      maxInFlight: 2,
      commit: async (items) => {
        batches.push(items);
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
        return items.map(ok);
      },
    });
    const values = Array.from({ length: 7 }, (_, n) => n);
    const submitted = values.map((n) => group.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    submitted.push(group.submit(7)); // a second drain may start now
    expect(await Promise.all(submitted)).toEqual([...values, 7]);
    expect(batches.every((batch) => batch.length <= 2)).toBe(true);
    expect(batches.flat().sort()).toEqual([...values, 7]);
    expect(most).toBe(2);
  });

  it('commits the items of a failed batch one by one, so only the bad one fails', async () => {
    const batches: string[][] = [];
    const group = createGroupCommit<string, string>({
      commit: async (items) => {
        batches.push(items);
        if (items.includes('bad')) throw new Error(`rolled back: ${items.join(',')}`);
        return items.map((item) => ok(item.toUpperCase()));
      },
    });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((item) => group.submit(item)));
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))).toEqual(['A', 'rolled back: bad', 'C']);
    expect(batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('passes each item its own outcome when the batch committed', async () => {
    const group = createGroupCommit<number, number>({
      commit: async (items) => items.map((item) => (item < 0 ? { ok: false, error: new Error(`negative ${item}`) } : ok(item))),
    });
    await expect(group.submit(-1)).rejects.toThrow('negative -1');
    await expect(group.submit(2)).resolves.toBe(2);
  });

  it('keeps one queue per key: one key never waits for another, and a key idle again still takes work', async () => {
    const order: string[] = [];
    let releaseSlow: () => void = () => undefined;
    const keyed = createKeyedGroupCommit<string, string>({
      commit: async (key, items) => {
        if (key === 'slow') await new Promise<void>((resolve) => (releaseSlow = resolve));
        order.push(`${key}:${items.join(',')}`);
        return items.map(ok);
      },
    });
    const slow = keyed.submit('slow', 's1');
    const fast = [keyed.submit('fast', 'f1'), keyed.submit('fast', 'f2')];
    await Promise.all(fast);
    expect(order).toEqual(['fast:f1,f2']);
    releaseSlow();
    await slow;
    expect(order).toEqual(['fast:f1,f2', 'slow:s1']);
    await expect(keyed.submit('fast', 'f3')).resolves.toBe('f3'); // a new queue for a forgotten key
  });
});
