// Counts the SQL statements this process sends, whichever the driver (PostgreSQL round trips,
// SQLite statement executions): tests check that an idle server issues none between heartbeats.
// Installed once per process by wrapping the drivers' prototypes (bench/webhookStatementCounter.ts
// does the same for the benchmarks, with timings); it changes nothing else.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { sqliteNativeBinding } from './sqliteNativeBinding.js';

type Counter = { count: number; statements: string[] };

const counters = new Set<Counter>();
let installed = false;

function record(source: unknown): void {
  if (counters.size === 0) return;
  const text = typeof source === 'string' ? source : ((source as { text?: string } | null)?.text ?? '?');
  const short = text.replace(/\s+/g, ' ').trim().slice(0, 120);
  for (const counter of counters) {
    counter.count++;
    if (counter.statements.length < 50) counter.statements.push(short);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    record(args[0]);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  const probe = new BetterSqlite3(':memory:', { nativeBinding: sqliteNativeBinding() });
  const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = statement[method]!;
    statement[method] = function (this: { source: string }, ...args: unknown[]) {
      record(this.source);
      return original.apply(this, args);
    };
  }
}

/** Starts counting; stop() ends it and returns how many statements were sent meanwhile (and the first 50). */
export function countStatements(): { stop(): Counter } {
  install();
  const counter: Counter = { count: 0, statements: [] };
  counters.add(counter);
  return {
    stop() {
      counters.delete(counter);
      return counter;
    },
  };
}
