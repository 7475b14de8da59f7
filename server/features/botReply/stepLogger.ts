// execution_logs rows for one reply, a row per step with its status and duration, so an admin can
// see why a reply was slow or failed. Logging never breaks the reply. The rows are kept in memory
// and written together by `flush` when the turn ends (one insert instead of a transaction per
// step, five or more per answered message); each keeps the time its step ended. A process that
// dies mid-turn loses that turn's rows, which only describe it.
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables } from '#server/db/tables.js';

export type StepLogger = {
  (nodeName: string, status: 'success' | 'error' | 'skipped', data?: { input?: JsonObject; output?: JsonObject; error?: unknown }): Promise<void>;
  /** Writes the steps logged so far (never throws). */
  flush(): Promise<void>;
};

export function stepLogger(app: AppContext, base: { clientId: string; executionId: string; conversationId: string; phone: string }): StepLogger {
  let last = Date.now();
  const pending: Array<Tables['executionLogs']['$inferInsert']> = [];
  const log = (async (nodeName, status, data = {}) => {
    const now = Date.now();
    const durationMs = now - last;
    last = now;
    const error =
      data.error === undefined
        ? null
        : { message: data.error instanceof Error ? data.error.message : String(data.error), ...(data.error instanceof Error ? { name: data.error.name } : {}) };
    pending.push({
      clientId: base.clientId,
      executionId: base.executionId,
      nodeName,
      status,
      conversationId: base.conversationId,
      phone: base.phone,
      inputData: data.input ?? null,
      outputData: data.output ?? null,
      errorDetails: error,
      durationMs,
      createdAt: new Date(now),
    });
  }) as StepLogger;
  log.flush = async () => {
    if (pending.length === 0) return;
    const rows = pending.splice(0);
    await app.db
      .tenant(base.clientId, (tx) => tx.insert(app.db.t.executionLogs).values(rows))
      .catch((failure: unknown) => app.log.warn({ err: failure }, 'could not write the execution logs of a reply'));
  };
  return log;
}
