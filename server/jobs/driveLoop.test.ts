// The drive loop on its own (no database): one pass at a time, a wake-up during a pass is not lost,
// every due time gets its pass (not only the earliest), and nothing runs after stop().
import { afterEach, describe, expect, it } from 'vitest';
import { createDriveLoop, type DriveLoop, type PassOutcome, type PassTrigger } from './driveLoop.js';

describe('drive loop', () => {
  const loops: DriveLoop[] = [];
  afterEach(async () => {
    await Promise.all(loops.splice(0).map((loop) => loop.stop()));
  });
  const make = (pass: (why: ReadonlySet<PassTrigger>) => Promise<PassOutcome>) => {
    const errors: unknown[] = [];
    const loop = createDriveLoop({ pass, heartbeatMs: 0, onError: (error) => errors.push(error) });
    loops.push(loop);
    return { loop, errors };
  };

  it('runs one pass at a time, and a wake-up during a pass brings one more pass, not a lost one', async () => {
    let active = 0;
    let overlaps = 0;
    const runs: string[] = [];
    let release: () => void = () => undefined;
    const { loop } = make(async (why) => {
      if (active > 0) overlaps++;
      active++;
      runs.push([...why].sort().join('+'));
      if (runs.length === 2) await new Promise<void>((resolve) => (release = resolve));
      active--;
    });
    await loop.start();
    await expect.poll(() => runs).toEqual(['start']);
    loop.wake();
    await expect.poll(() => runs.length).toBe(2);
    loop.wake(); // while the second pass runs
    loop.wake();
    release();
    await expect.poll(() => runs).toEqual(['start', 'wake', 'wake']);
    expect(overlaps).toBe(0);
  });

  it('gives every due time its pass, a later one included after an earlier one fired', async () => {
    const runs: PassTrigger[][] = [];
    const { loop } = make(async (why) => {
      runs.push([...why]);
    });
    await loop.start();
    const now = Date.now();
    loop.wakeAt(now + 150);
    loop.wakeAt(now + 50); // earlier, asked for later: both are kept
    await expect.poll(() => loop.passes.due, { timeout: 5_000 }).toBe(2);
    expect(runs.at(-1)).toEqual(['due']);
  });

  it('asks again at once for a full batch, arms the due time a pass reports, and retries a failed pass', async () => {
    let calls = 0;
    const { loop, errors } = make(async () => {
      calls++;
      if (calls <= 2) return { again: 'now' };
      if (calls === 3) return { dueAt: Date.now() + 30 };
      if (calls === 4) throw new Error('database trouble');
    });
    await loop.start();
    await expect.poll(() => calls, { timeout: 5_000 }).toBe(5);
    expect(loop.passes).toMatchObject({ start: 1, again: 2, due: 2 });
    expect(errors).toHaveLength(1);
  });

  it('runs nothing after stop(), which waits for the pass in progress', async () => {
    let finished = false;
    let passes = 0;
    const { loop } = make(async () => {
      passes++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished = true;
    });
    await loop.start();
    await expect.poll(() => passes).toBe(1);
    loop.wakeAt(Date.now() + 10);
    await loop.stop();
    expect(finished).toBe(true);
    loop.wake();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(passes).toBe(1);
  });
});
