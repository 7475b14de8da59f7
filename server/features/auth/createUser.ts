// Creates a person who can sign in: the account (users) and, for members of a client, their
// profile with a role. Used by the CLI, invites and administration.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { USER_ROLES } from '#shared/domain/statuses.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';

export const newUserInput = z.object({
  email: safeText().trim().toLowerCase().email('not a valid email address'),
  password: safeText().min(MIN_PASSWORD_LENGTH, `the password needs at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
  fullName: safeText().trim().max(200).optional(),
  clientId: z.string().uuid().nullable(),
  role: z.enum(USER_ROLES).default('agent'),
  isPlatformAdmin: z.boolean().default(false),
});
export type NewUser = z.input<typeof newUserInput>;

export class DuplicateEmailError extends UserFacingError {
  override name = 'DuplicateEmailError';
  constructor(email: string) {
    super(`a user with email ${email} already exists`);
  }
}

/** Hashes outside the transaction (it takes ~50 ms), then writes inside it. */
export async function createUser(db: Database, raw: NewUser): Promise<{ id: string; email: string }> {
  const input = newUserInput.parse(raw);
  const passwordHash = await hashPassword(input.password);
  return db.system((tx) => insertUser(db, tx, { ...input, passwordHash }));
}

export async function insertUser(
  db: Database,
  tx: Tx,
  input: {
    email: string;
    passwordHash: string;
    fullName?: string | undefined;
    clientId: string | null;
    role: (typeof USER_ROLES)[number];
    isPlatformAdmin: boolean;
  },
) {
  const [existing] = await tx.select({ id: db.t.users.id }).from(db.t.users).where(eq(db.t.users.email, input.email));
  if (existing) throw new DuplicateEmailError(input.email);
  const [user] = await tx
    .insert(db.t.users)
    .values({ email: input.email, passwordHash: input.passwordHash, isPlatformAdmin: input.isPlatformAdmin })
    .onConflictDoNothing()
    .returning({ id: db.t.users.id, email: db.t.users.email });
  if (!user) throw new DuplicateEmailError(input.email);
  if (input.clientId) {
    await tx.insert(db.t.userProfiles).values({
      id: user.id,
      clientId: input.clientId,
      email: input.email,
      fullName: input.fullName ?? null,
      role: input.role,
    });
  }
  return user;
}
