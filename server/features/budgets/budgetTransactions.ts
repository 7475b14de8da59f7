// On PostgreSQL every transaction that touches a client's budget row takes its row lock, so all of
// one client's calls queue on that row anyway. Queuing them here first, per client and instance,
// means the waiting happens in memory instead of on pooled connections: a burst from one client
// cannot exhaust the pool (and time out everyone else's queries). SQLite already runs one
// transaction at a time, so there it is a pass-through.
import type { AppContext } from '../../app/appContext.js';
import { perApp } from '../../app/perApp.js';

const queues = perApp((_app: AppContext) => new Map<string, Promise<unknown>>());

export function budgetTransaction<T>(app: AppContext, clientId: string, fn: () => Promise<T>): Promise<T> {
  if (app.db.kind !== 'pg') return fn();
  const pending = queues(app);
  const previous = pending.get(clientId) ?? Promise.resolve();
  const result = previous.then(fn, fn);
  const tail = result.catch(() => undefined);
  pending.set(clientId, tail);
  void tail.then(() => {
    if (pending.get(clientId) === tail) pending.delete(clientId);
  });
  return result;
}
