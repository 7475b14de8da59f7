// Side effects of a transaction (live events, wake-ups of background loops, NOTIFY) must not be
// seen before its rows are: a listener would read before the commit, and a rollback would announce
// what never happened. Code inside db.tenant/db.system registers them with afterCommit; the
// outermost transaction runs them once it has committed, and drops them when it rolls back.
// The hook list travels with the async context (like the transaction itself), so code deep in a
// call chain needs no transaction handle to defer its effects.
import { AsyncLocalStorage } from 'node:async_hooks';

type HookList = { state: 'open' | 'committed' | 'rolledBack'; hooks: Array<() => void>; keys?: Set<unknown> };

const current = new AsyncLocalStorage<HookList>();

/** True inside db.tenant/db.system (any database of this process). */
export function inTransaction(): boolean {
  return current.getStore()?.state === 'open';
}

/**
 * Runs hook once the enclosing transaction commits, or now when there is none. Returns whether it
 * was deferred. A hook registered by work that outlived its transaction runs at once if the
 * transaction committed, and never if it rolled back.
 */
export function afterCommit(hook: () => void, report: (error: unknown) => void = reportHookError): boolean {
  const list = current.getStore();
  if (list?.state === 'open') {
    list.hooks.push(hook);
    return true;
  }
  if (list?.state === 'rolledBack') return true;
  runHook(hook, report);
  return false;
}

/**
 * Like afterCommit, but one hook per key and transaction: a transaction that enqueues sixty jobs
 * wakes the runners (and sends its NOTIFY) once, not sixty times.
 */
export function afterCommitOnce(key: unknown, hook: () => void, report: (error: unknown) => void = reportHookError): boolean {
  const list = current.getStore();
  if (list?.state === 'open') {
    list.keys ??= new Set();
    if (!list.keys.has(key)) {
      list.keys.add(key);
      list.hooks.push(hook);
    }
    return true;
  }
  return afterCommit(hook, report);
}

/**
 * The drivers wrap every outermost transaction in this: work runs with a fresh hook list, and its
 * hooks run in order after work resolved (the commit), outside the transaction's context, each
 * guarded so a failing hook neither breaks the caller nor the hooks after it.
 */
export async function withCommitHooks<T>(work: () => Promise<T>, report: (error: unknown) => void = reportHookError): Promise<T> {
  const list: HookList = { state: 'open', hooks: [] };
  let value: T;
  try {
    value = await current.run(list, work);
  } catch (error) {
    list.state = 'rolledBack';
    list.hooks = [];
    throw error;
  }
  list.state = 'committed';
  const hooks = list.hooks;
  list.hooks = [];
  for (const hook of hooks) runHook(hook, report);
  return value;
}

function runHook(hook: () => void, report: (error: unknown) => void): void {
  try {
    hook();
  } catch (error) {
    report(error);
  }
}

function reportHookError(error: unknown): void {
  console.error('after-commit hook failed:', error);
}
