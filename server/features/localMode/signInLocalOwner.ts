// Local mode (the desktop app's own server on this computer): the person at the keyboard is the
// owner of a single local client and signs in without a password. This is safe only because such
// a server listens on loopback and every request must carry the per-launch token the desktop shell
// generated (server/app/requireLaunchToken.ts); the procedure checks the token again itself so it
// can never work on a server started without one (a normal remote server).
import { timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import { createSession } from '../auth/index.js';

export const LOCAL_CLIENT_SLUG = 'local';
export const LOCAL_OWNER_EMAIL = 'owner@local.uzz';

export class LocalModeUnavailableError extends UserFacingError {
  override name = 'LocalModeUnavailableError';
}

export function launchTokenMatches(configured: string | undefined, presented: string): boolean {
  if (!configured) return false;
  const expected = Buffer.from(configured);
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function signInLocalOwner(
  app: AppContext,
  input: { launchToken: string; userAgent?: string; ip?: string },
): Promise<{ token: string; userId: string; clientId: string }> {
  if (!app.config.launchToken) throw new LocalModeUnavailableError('this server is not running in local mode: sign in with email and password');
  if (!launchTokenMatches(app.config.launchToken, input.launchToken)) throw new LocalModeUnavailableError('wrong launch token');
  const { clients, users, userProfiles } = app.db.t;
  return app.db.system(async (tx) => {
    // Find-or-create under unique keys (slug, email): two windows signing in at once both end up
    // with the same client and owner; `onConflictDoNothing` then a re-read settles the race.
    await tx.insert(clients).values({ name: 'Local', slug: LOCAL_CLIENT_SLUG }).onConflictDoNothing();
    const [client] = await tx.select({ id: clients.id }).from(clients).where(eq(clients.slug, LOCAL_CLIENT_SLUG));
    // No password hash: this account can never sign in with a password, only through local mode.
    await tx.insert(users).values({ email: LOCAL_OWNER_EMAIL, passwordHash: null }).onConflictDoNothing();
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, LOCAL_OWNER_EMAIL));
    await tx
      .insert(userProfiles)
      .values({ id: user!.id, clientId: client!.id, email: LOCAL_OWNER_EMAIL, fullName: 'Local owner', role: 'owner' })
      .onConflictDoNothing();
    const [profile] = await tx.select({ clientId: userProfiles.clientId }).from(userProfiles).where(eq(userProfiles.id, user!.id));
    await tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user!.id));
    const token = await createSession(app.db, tx, user!.id, { userAgent: input.userAgent, ip: input.ip });
    return { token, userId: user!.id, clientId: profile!.clientId };
  });
}
