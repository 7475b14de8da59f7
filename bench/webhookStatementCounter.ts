// Counts the SQL statements the server process sends (PostgreSQL round trips; SQLite statement
// executions), grouped by what they do. Statements per message do not depend on how busy the
// machine is, unlike throughput, so they compare before/after changes on a shared 2-core box.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { sqliteNativeBinding } from '#server/db/sqliteNativeBinding.js';

export type StatementCounts = Map<string, { count: number; ms: number; maxMs: number }>;

const counts = new Map<string, number>();

/** A short label: the statement's verb and table ("insert messages", "BEGIN", "claim heads"). */
function label(source: string): string {
  const text = source.replace(/\s+/g, ' ').trim();
  if (/^select w\.id from webhook_inbox/i.test(text)) return 'select claim heads';
  if (/set_config/i.test(text)) return 'select set_config';
  const match = /^(insert into|update|delete from|select .*? from|with .*? as|begin|commit|rollback)\s*"?(\w+)?"?/i.exec(text);
  if (!match) return text.slice(0, 40);
  const verb = match[1]!.toLowerCase().split(' ')[0]!;
  return match[2] && !['begin', 'commit', 'rollback'].includes(verb) ? `${verb} ${match[2]}` : verb;
}

function count(source: string): string {
  const key = label(source);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return key;
}

// Milliseconds a statement took: on PostgreSQL from sending it to its answer (includes waiting for
// a turn of the event loop), on SQLite its execution (synchronous).
const times = new Map<string, number>();
const longest = new Map<string, number>();
function time(key: string, ms: number) {
  times.set(key, (times.get(key) ?? 0) + ms);
  if (ms > (longest.get(key) ?? 0)) longest.set(key, ms);
}

let installed = false;

/** Starts counting (once per process); returns a function that takes the counts so far and resets them. */
export function countStatements(): () => StatementCounts {
  if (!installed) {
    installed = true;
    const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0];
      const key = count(typeof first === 'string' ? first : ((first as { text?: string })?.text ?? '?'));
      const started = performance.now();
      const last = args.at(-1);
      if (typeof last === 'function') {
        args[args.length - 1] = (...results: unknown[]) => {
          time(key, performance.now() - started);
          return (last as (...values: unknown[]) => unknown)(...results);
        };
        return query.apply(this, args);
      }
      const result = query.apply(this, args);
      if (result && typeof (result as Promise<unknown>).finally === 'function')
        void (result as Promise<unknown>).finally(() => time(key, performance.now() - started)).catch(() => undefined);
      return result;
    } as typeof pg.Client.prototype.query;
    const probe = new BetterSqlite3(':memory:', { nativeBinding: sqliteNativeBinding() });
    const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
    probe.close();
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const original = statement[method]!;
      statement[method] = function (this: { source: string }, ...args: unknown[]) {
        const key = count(this.source);
        const started = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          time(key, performance.now() - started);
        }
      };
    }
  }
  counts.clear();
  times.clear();
  longest.clear();
  return () => {
    const taken: StatementCounts = new Map([...counts].map(([key, value]) => [key, { count: value, ms: times.get(key) ?? 0, maxMs: longest.get(key) ?? 0 }]));
    counts.clear();
    times.clear();
    longest.clear();
    return taken;
  };
}

const ms = (value: number) => value.toFixed(value < 1 ? 3 : 1);

/** "3.2 per message (0.25 begin 0.100/2.0ms, …)": most frequent first, with the mean/longest time each took. */
export function describePerMessage(taken: StatementCounts, messages: number): string {
  const total = [...taken.values()].reduce((sum, value) => sum + value.count, 0);
  const parts = [...taken]
    .sort((a, b) => b[1].count - a[1].count)
    .filter(([, value]) => value.count / messages >= 0.005)
    .map(([key, value]) => `${(value.count / messages).toFixed(2)} ${key} ${ms(value.ms / value.count)}/${ms(value.maxMs)}ms`);
  return `${(total / messages).toFixed(2)} per message (${parts.join(', ')})`;
}
