// Every client, for the platform administrator, with its member count; searchable by name or slug.
import { and, asc, count, eq, like, or, sql, type SQL } from 'drizzle-orm';
import type { ClientStatus } from '#shared/domain/statuses.js';
import type { Database } from '#server/db/openDatabase.js';

export async function listClients(db: Database, filter: { status?: ClientStatus | undefined; search?: string | undefined }) {
  const { clients, userProfiles } = db.t;
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(clients.status, filter.status));
  if (filter.search) {
    // Case-insensitive on both databases (PostgreSQL's LIKE is not); wildcards typed by the user are dropped.
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, '')}%`;
    conditions.push(or(like(clients.slug, pattern), like(sql`lower(${clients.name})`, pattern))!);
  }
  const [rows, members] = await db.system(
    async (tx) =>
      [
        await tx
          .select({
            id: clients.id,
            name: clients.name,
            slug: clients.slug,
            status: clients.status,
            plan: clients.plan,
            metaPhoneNumberId: clients.metaPhoneNumberId,
            metaDisplayPhone: clients.metaDisplayPhone,
            createdAt: clients.createdAt,
          })
          .from(clients)
          .where(conditions.length ? and(...conditions) : undefined)
          .orderBy(asc(clients.name))
          .limit(1000),
        await tx.select({ clientId: userProfiles.clientId, n: count() }).from(userProfiles).groupBy(userProfiles.clientId),
      ] as const,
  );
  const memberCount = new Map(members.map((row) => [row.clientId, Number(row.n)]));
  return rows.map((row) => ({ ...row, memberCount: memberCount.get(row.id) ?? 0 }));
}
