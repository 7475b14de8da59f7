// The audit log, newest first, filtered, in pages. The cursor is the last row's id; the page
// boundary is compared in SQL against that row's own created_at, so PostgreSQL's microseconds are
// never rounded through a JavaScript Date (which would repeat or skip rows between pages).
import { and, desc, eq, gte, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';

export type AuditFilter = {
  userId?: string | undefined;
  action?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  status?: 'success' | 'failure' | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** `scope`: one client's rows, or (platform administrators) every row including platform-level ones with no client. */
export async function listAuditLogs(db: Database, scope: { clientId: string } | { platform: true; clientId?: string | null }, filter: AuditFilter) {
  const { auditLogs } = db.t;
  const conditions: SQL[] = [];
  if ('platform' in scope) {
    if (scope.clientId === null) conditions.push(isNull(auditLogs.clientId));
    else if (scope.clientId) conditions.push(eq(auditLogs.clientId, scope.clientId));
  } else {
    conditions.push(eq(auditLogs.clientId, scope.clientId));
  }
  if (filter.userId) conditions.push(eq(auditLogs.userId, filter.userId));
  if (filter.action) conditions.push(eq(auditLogs.action, filter.action));
  if (filter.resourceType) conditions.push(eq(auditLogs.resourceType, filter.resourceType));
  if (filter.resourceId) conditions.push(eq(auditLogs.resourceId, filter.resourceId));
  if (filter.status) conditions.push(eq(auditLogs.status, filter.status));
  if (filter.from) conditions.push(gte(auditLogs.createdAt, filter.from));
  if (filter.to) conditions.push(lte(auditLogs.createdAt, filter.to));
  if (filter.cursor) {
    const boundary = sql`(select ${sql.identifier('created_at')} from ${auditLogs} where ${sql.identifier('id')} = ${filter.cursor})`;
    conditions.push(or(lt(auditLogs.createdAt, boundary), and(eq(auditLogs.createdAt, boundary), lt(auditLogs.id, filter.cursor)))!);
  }
  const query = (tx: Tx) =>
    tx
      .select()
      .from(auditLogs)
      .where(and(...conditions))
      .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
      .limit(filter.limit + 1);
  const rows = 'platform' in scope ? await db.system(query) : await db.tenant(scope.clientId, query);
  const page = rows.slice(0, filter.limit);
  return { items: page, nextCursor: rows.length > filter.limit ? page[page.length - 1]!.id : null };
}
