// The signed-in member's registered devices. Tokens are shown only by their last characters: the
// list is for recognising devices, not for copying credentials.
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';

export async function listMyPushTokens(db: Database, member: { clientId: string; userId: string }) {
  const { pushTokens } = db.t;
  const rows = await db.tenant(member.clientId, (tx) =>
    tx
      .select()
      .from(pushTokens)
      .where(and(eq(pushTokens.clientId, member.clientId), eq(pushTokens.userId, member.userId)))
      .orderBy(desc(pushTokens.lastUsedAt)),
  );
  return rows.map((row) => ({
    id: row.id,
    platform: row.platform,
    deviceName: row.deviceName,
    tokenEnd: row.token.slice(-6),
    lastUsedAt: row.lastUsedAt,
    createdAt: row.createdAt,
  }));
}
