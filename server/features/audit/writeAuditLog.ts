import type { AppContext } from '../../app/appContext.js';
import type { JsonObject } from '../../db/json-types.js';
import type { Session } from '../auth/sessions.js';
import { redactSecrets } from './redact.js';

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

/** Never throws: a failed audit write is logged, and must not turn a done action into an error. */
export async function writeAuditLog(app: AppContext, entry: AuditEntry): Promise<void> {
  try {
    await app.db.system((tx) =>
      tx.insert(app.db.t.auditLogs).values({
        userId: entry.session?.userId ?? null,
        userEmail: entry.session?.email ?? null,
        userRole: entry.session?.isPlatformAdmin ? 'platform_admin' : entry.session?.role ?? null,
        clientId: entry.clientId,
        action: entry.action,
        resourceType: entry.resourceType ?? null,
        resourceId: entry.resourceId ?? null,
        endpoint: entry.endpoint ?? null,
        method: entry.method ?? null,
        changes: entry.changes === undefined ? null : (redactSecrets(entry.changes) as JsonObject),
        metadata: entry.metadata ?? null,
        status: entry.status,
        errorMessage: entry.errorMessage ?? null,
        durationMs: entry.durationMs ?? null,
      }));
  } catch (error) {
    app.log.error({ err: error, action: entry.action }, 'audit log write failed');
  }
}
