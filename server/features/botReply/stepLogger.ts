// execution_logs rows for one reply, a row per step with its status and duration, so an admin can
// see why a reply was slow or failed. Logging never breaks the reply.
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';

export function stepLogger(app: AppContext, base: { clientId: string; executionId: string; conversationId: string; phone: string }) {
  let last = Date.now();
  return async (nodeName: string, status: 'success' | 'error' | 'skipped', data: { input?: JsonObject; output?: JsonObject; error?: unknown } = {}) => {
    const now = Date.now();
    const durationMs = now - last;
    last = now;
    const error =
      data.error === undefined
        ? null
        : { message: data.error instanceof Error ? data.error.message : String(data.error), ...(data.error instanceof Error ? { name: data.error.name } : {}) };
    await app.db
      .tenant(base.clientId, (tx) =>
        tx.insert(app.db.t.executionLogs).values({
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
        }),
      )
      .catch((failure: unknown) => app.log.warn({ err: failure }, 'could not write an execution log'));
  };
}
