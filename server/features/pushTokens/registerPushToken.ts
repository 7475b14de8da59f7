// Registers the device token of the signed-in member (desktop or mobile), idempotently: the same
// user and token again only refreshes the platform, device name and last use. A device moves to
// whoever signed in on it last: the token is removed from the client's other members, so the
// previous user's notifications stop going to a device they left.
import { and, eq, ne } from 'drizzle-orm';
import type { PushPlatform } from '#shared/domain/statuses.js';
import type { Database } from '#server/db/openDatabase.js';

export async function registerPushToken(
  db: Database,
  member: { clientId: string; userId: string },
  input: { token: string; platform: PushPlatform; deviceName?: string | undefined },
) {
  const { pushTokens } = db.t;
  const now = new Date();
  return db.tenant(member.clientId, async (tx) => {
    await tx.delete(pushTokens).where(and(eq(pushTokens.clientId, member.clientId), eq(pushTokens.token, input.token), ne(pushTokens.userId, member.userId)));
    const [row] = await tx
      .insert(pushTokens)
      .values({
        clientId: member.clientId,
        userId: member.userId,
        token: input.token,
        platform: input.platform,
        deviceName: input.deviceName ?? null,
        lastUsedAt: now,
      })
      .onConflictDoUpdate({
        target: [pushTokens.userId, pushTokens.token],
        set: { platform: input.platform, deviceName: input.deviceName ?? null, lastUsedAt: now, updatedAt: now },
      })
      .returning({ id: pushTokens.id, platform: pushTokens.platform, deviceName: pushTokens.deviceName, createdAt: pushTokens.createdAt });
    return row!;
  });
}
