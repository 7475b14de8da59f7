// Suspends or reactivates a client (platform administrators).
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import type { ClientStatus } from '#shared/domain/statuses.js';
import type { Database } from '#server/db/openDatabase.js';

export async function setClientStatus(db: Database, clientId: string, status: ClientStatus) {
  const { clients } = db.t;
  const [row] = await db.system((tx) =>
    tx.update(clients).set({ status }).where(eq(clients.id, clientId)).returning({ id: clients.id, name: clients.name, status: clients.status }),
  );
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'no client with this id' });
  return row;
}
