// CPU time used by the Chromium processes this benchmark started (descendants of this Node
// process), read from /proc: the pages' main threads (the first thread of each renderer) and all of Chromium
// (browser, renderer, GPU/compositor and raster threads). Unlike wall time and frame rates, CPU
// time hardly depends on how many other programs share the machine. Linux only.
import fs from 'node:fs';

export type CpuUse = { /** ms on pages' main threads */ main: number; /** ms in all Chromium threads */ all: number };
type Snapshot = Map<string, { main: boolean; ticks: number }>;

const TICK_MS = 10; // USER_HZ is 100 on Linux

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** utime + stime of a /proc stat line, and its parent pid (the command may hold spaces and parentheses). */
function parseStat(stat: string): { ppid: number; ticks: number } {
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (stat) parents.set(Number(entry), parseStat(stat).ppid);
  }
  const found = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents)
      if (!found.has(pid) && found.has(ppid)) {
        found.add(pid);
        grew = true;
      }
  }
  found.delete(root);
  return [...found];
}

function snapshot(): Snapshot {
  const threads: Snapshot = new Map();
  for (const pid of descendants(process.pid)) {
    const isRenderer = (read(`/proc/${pid}/cmdline`) ?? '').includes('--type=renderer');
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      threads.set(`${pid}/${tid}`, { main: isRenderer && tid === String(pid), ticks: parseStat(stat).ticks });
    }
  }
  return threads;
}

/** Take one now; `since(earlier)` is the CPU used in between (threads that ended meanwhile are not counted). */
export function chromiumCpu() {
  const now = snapshot();
  return {
    now,
    since(earlier: { now: Snapshot }): CpuUse {
      let main = 0;
      let all = 0;
      for (const [key, thread] of now) {
        const used = (thread.ticks - (earlier.now.get(key)?.ticks ?? 0)) * TICK_MS;
        all += used;
        if (thread.main) main += used;
      }
      return { main, all };
    },
  };
}
