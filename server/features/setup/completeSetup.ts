// The first-run set-up: on a server with no account yet, creates the business (client), its owner,
// signs the owner in, and adds the sample content when asked. Exactly once: the singleton
// instance_setup row is inserted in the same transaction as the client and the owner, so of two
// set-ups racing on an empty server one commits and the other meets the primary key (PostgreSQL
// makes it wait for the first, SQLite runs one writer at a time) and is told to sign in instead.
import { TRPCError } from '@trpc/server';
import { like, or, eq } from 'drizzle-orm';
import { z } from 'zod';
import { brokenPasswordRules, PASSWORD_MAX_LENGTH, PASSWORD_RULE_TEXT } from '#shared/auth/passwordRules.js';
import { safeText } from '#shared/domain/safeText.js';
import type { AppContext } from '#server/app/appContext.js';
import { DuplicateEmailError, insertUser } from '../auth/index.js';
import { hashPassword } from '../auth/index.js';
import { createSession } from '../auth/index.js';
import { insertClient, newClientInput } from '../clients/index.js';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';
import { createSampleContent, type SampleContentReport } from './sampleContent/createSampleContent.js';
import { SETUP_LANGUAGES } from './sampleContent/sampleContentFiles.js';
import { noAccountYet, SETUP_ROW_ID } from './setupNeeded.js';
import { checkSetupToken, spendSetupToken } from './setupToken.js';
import { slugFromName, uniqueSlug } from './slugFromName.js';

export const setupInput = z
  .object({
    businessName: safeText().trim().min(2, 'the business name needs at least 2 characters').max(200, 'the business name is too long (200 characters at most)'),
    fullName: safeText().trim().min(1, 'tell us your name').max(200, 'the name is too long (200 characters at most)'),
    email: safeText().trim().toLowerCase().max(320, 'the e-mail address is too long').email('not a valid e-mail address'),
    password: safeText().max(PASSWORD_MAX_LENGTH, `the password is too long (${PASSWORD_MAX_LENGTH} characters at most)`),
    language: z.enum(SETUP_LANGUAGES, { error: 'the language is pt-BR or en' }),
    sampleContent: z.boolean().default(true),
    setupToken: safeText().trim().max(200).optional(),
  })
  .superRefine((input, ctx) => {
    const broken = brokenPasswordRules(input.password, input.email);
    if (broken.length) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: `the password needs ${broken.map((rule) => PASSWORD_RULE_TEXT[rule]).join(', ')}` });
    }
  });
export type SetupInput = z.output<typeof setupInput>;

export type SetupResult = { token: string; userId: string; clientId: string; slug: string; sampleContent: SampleContentReport | null };

const alreadySetUp = () => new TRPCError({ code: 'CONFLICT', message: 'this server is already set up: sign in with your e-mail and password' });
const justSetUp = () => new TRPCError({ code: 'CONFLICT', message: 'this server was just set up by someone else: sign in' });

export async function completeSetup(app: AppContext, input: SetupInput, meta: { ip?: string; userAgent?: string } = {}): Promise<SetupResult> {
  if (app.config.launchToken) {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: "the desktop app's own server needs no set-up: open it on this computer" });
  }
  checkSetupToken(app, input.setupToken);
  // Before the slow hash, so a finished server answers at once.
  if (!(await app.db.system((tx) => noAccountYet(app, tx)))) throw alreadySetUp();
  const passwordHash = await hashPassword(input.password);
  const { clients, instanceSetup } = app.db.t;
  const created = await app.db
    .system(async (tx) => {
      if (!(await noAccountYet(app, tx))) throw justSetUp();
      const [claimed] = await tx.insert(instanceSetup).values({ id: SETUP_ROW_ID }).onConflictDoNothing().returning({ id: instanceSetup.id });
      if (!claimed) throw justSetUp();
      // Clients made with the CLI before any user may hold the slug already.
      const base = slugFromName(input.businessName);
      const taken = await tx
        .select({ slug: clients.slug })
        .from(clients)
        .where(or(eq(clients.slug, base), like(clients.slug, `${base}-%`)));
      const slug = uniqueSlug(base, new Set(taken.map((row) => row.slug)));
      const client = await insertClient(app, tx, newClientInput.parse({ name: input.businessName, slug }), { cannedResponsesLanguage: input.language });
      const user = await insertUser(app.db, tx, {
        email: input.email,
        passwordHash,
        fullName: input.fullName,
        clientId: client.id,
        role: 'owner',
        isPlatformAdmin: false,
      }).catch((error: unknown) => {
        // No user existed a moment ago: the CLI made this one meanwhile.
        if (error instanceof DuplicateEmailError) throw justSetUp();
        throw error;
      });
      await tx.update(clients).set({ createdBy: user.id }).where(eq(clients.id, client.id));
      await tx.update(app.db.t.users).set({ lastLoginAt: new Date() }).where(eq(app.db.t.users.id, user.id));
      const token = await createSession(app.db, tx, user.id, meta);
      return { token, userId: user.id, clientId: client.id, slug: client.slug };
    })
    .catch((error: unknown) => {
      // PostgreSQL: the loser's insert of the singleton can also fail outright when both check at once.
      if (error instanceof TRPCError) throw error;
      if (isUniqueViolation(error, 'instance_setup') || isUniqueViolation(error, 'users_email')) throw justSetUp();
      throw error;
    });
  spendSetupToken(app);
  // After the commit, each part in its own transaction: a problem here is logged and reported,
  // never an undone set-up (the owner can add content by hand).
  const sampleContent = input.sampleContent ? await createSampleContent(app, created.clientId, created.userId, input.language, input.businessName) : null;
  return { ...created, sampleContent };
}
