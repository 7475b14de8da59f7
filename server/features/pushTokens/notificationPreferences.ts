// A member's push preferences: one switch per event. No row means every event is on, so a new
// member is notified until they choose otherwise.
import { eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';

export type NotificationPreferences = { onAssigned: boolean; onTransfer: boolean; onMessage: boolean };
const DEFAULTS: NotificationPreferences = { onAssigned: true, onTransfer: true, onMessage: true };

export async function getNotificationPreferences(db: Database, member: { clientId: string; userId: string }): Promise<NotificationPreferences> {
  const { notificationPreferences: table } = db.t;
  const [row] = await db.tenant(member.clientId, (tx) =>
    tx.select({ onAssigned: table.onAssigned, onTransfer: table.onTransfer, onMessage: table.onMessage }).from(table).where(eq(table.userId, member.userId)),
  );
  return row ?? DEFAULTS;
}

export async function saveNotificationPreferences(
  db: Database,
  member: { clientId: string; userId: string },
  input: Partial<NotificationPreferences>,
): Promise<NotificationPreferences> {
  const { notificationPreferences: table } = db.t;
  return db.tenant(member.clientId, async (tx) => {
    const [current] = await tx.select().from(table).where(eq(table.userId, member.userId));
    const next = {
      ...DEFAULTS,
      ...(current ? { onAssigned: current.onAssigned, onTransfer: current.onTransfer, onMessage: current.onMessage } : {}),
      ...input,
    };
    await tx
      .insert(table)
      .values({ userId: member.userId, clientId: member.clientId, ...next })
      .onConflictDoUpdate({ target: table.userId, set: { ...next, updatedAt: new Date() } });
    return next;
  });
}
