// What the desktop's "set a password" screen shows before the person accepts.
import type { Database } from '#server/db/openDatabase.js';
import { findUsableInvite } from './findInviteByToken.js';

export async function inspectInvite(db: Database, token: string) {
  const invite = await db.system((tx) => findUsableInvite(db, tx, token));
  return { clientName: invite.clientName, email: invite.email, role: invite.role, expiresAt: invite.expiresAt };
}
