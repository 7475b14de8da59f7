import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Session } from '../auth/index.js';
import { redactSecrets } from './redact.js';
import { storableJson, storableText } from './storableAuditValue.js';

export type AuditEntry = {
  session: Session | null;
  clientId: string | null;
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  endpoint?: string | null;
  method?: string | null;
  changes?: unknown;
  metadata?: JsonObject;
  status: 'success' | 'failure';
  errorMessage?: string | null;
  durationMs?: number;
};

/**
 * Never throws, and never loses the row: every text is made storable first; if the full row is
 * still refused (a value the database will not take, a client id that does not exist), a minimal
 * row (who, action, status, error) is written instead and the refusal is logged. A failed audit
 * write must not turn a done action into an error.
 */
export async function writeAuditLog(app: AppContext, entry: AuditEntry): Promise<void> {
  const who = {
    userId: entry.session?.userId ?? null,
    userEmail: storableText(entry.session?.email),
    userRole: entry.session?.isPlatformAdmin ? 'platform_admin' : (entry.session?.role ?? null),
  };
  const minimal = {
    ...who,
    action: storableText(entry.action)!,
    status: entry.status,
    errorMessage: storableText(entry.errorMessage),
    durationMs: entry.durationMs ?? null,
  };
  const full = {
    ...minimal,
    clientId: entry.clientId,
    resourceType: storableText(entry.resourceType),
    resourceId: storableText(entry.resourceId),
    endpoint: storableText(entry.endpoint),
    method: storableText(entry.method),
    changes: entry.changes === undefined ? null : (storableJson(redactSecrets(entry.changes)) as JsonObject),
    metadata: entry.metadata ? (storableJson(entry.metadata) as JsonObject) : null,
  };
  const fallback: JsonObject = { auditFallback: 'the full row was refused' };
  const attempts: Array<typeof full | (typeof minimal & { clientId: string | null; metadata: JsonObject })> = [
    full,
    { ...minimal, clientId: entry.clientId, metadata: fallback },
    { ...minimal, userId: null, clientId: null, metadata: { ...fallback, clientId: storableText(entry.clientId) } },
  ];
  for (const [index, values] of attempts.entries()) {
    try {
      await app.db.system((tx) => tx.insert(app.db.t.auditLogs).values(values));
      return;
    } catch (error) {
      const last = index === attempts.length - 1;
      app.log.error(
        { err: error, action: minimal.action, attempt: index + 1 },
        last ? 'audit log write failed' : 'audit log write refused, retrying with a minimal row',
      );
    }
  }
}
