// Creates a tenant with its WhatsApp number. The Meta access token, verify token and app secret
// go to the vault; the row keeps only their ids.
import { eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import type { AppContext } from '#server/app/appContext.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import type { Tx } from '#server/db/tables.js';
import { provisionSandboxNumber } from '../whatsapp/index.js';
import { seedDefaultCannedResponses, type CannedResponsesLanguage } from '../cannedResponses/index.js';

export const newClientInput = z.object({
  name: safeText().trim().min(1, 'the client needs a name').max(200),
  slug: safeText()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'slug: 2-63 lowercase letters, digits or dashes'),
  plan: safeText().trim().min(1).max(50).default('free'),
  metaPhoneNumberId: safeText()
    .trim()
    .regex(/^\d{5,30}$/, 'the WhatsApp phone number id is the numeric id Meta shows')
    .optional(),
  metaDisplayPhone: safeText().trim().max(30).optional(),
  metaWabaId: safeText()
    .trim()
    .regex(/^\d{5,30}$/)
    .optional(),
  metaAccessToken: safeText().trim().min(10).max(2000).optional(),
  metaVerifyToken: safeText().trim().min(8, 'the verify token needs at least 8 characters').max(200).optional(),
  metaAppSecret: safeText().trim().min(8).max(200).optional(),
  timezone: safeText().refine(isTimeZone, 'unknown time zone (use an IANA name such as America/Sao_Paulo)').default('America/Sao_Paulo'),
  createdBy: z.string().uuid().optional(),
});
export type NewClient = z.input<typeof newClientInput>;

export class DuplicateClientError extends UserFacingError {
  override name = 'DuplicateClientError';
}

export async function createClient(app: AppContext, raw: NewClient): Promise<{ id: string; slug: string }> {
  const input = newClientInput.parse(raw);
  return app.db.system((tx) => insertClient(app, tx, input));
}

/** The inserts of createClient inside a caller's transaction (the first-run set-up adds its owner in the same one). */
export async function insertClient(
  app: AppContext,
  tx: Tx,
  input: z.output<typeof newClientInput>,
  options: { cannedResponsesLanguage?: CannedResponsesLanguage } = {},
): Promise<{ id: string; slug: string }> {
  const { clients } = app.db.t;
  const clash = await tx
    .select({ slug: clients.slug, phone: clients.metaPhoneNumberId })
    .from(clients)
    .where(input.metaPhoneNumberId ? or(eq(clients.slug, input.slug), eq(clients.metaPhoneNumberId, input.metaPhoneNumberId)) : eq(clients.slug, input.slug));
  if (clash.some((row) => row.slug === input.slug)) throw new DuplicateClientError(`a client with slug "${input.slug}" already exists`);
  if (clash.length > 0) throw new DuplicateClientError(`WhatsApp phone number id ${input.metaPhoneNumberId} already belongs to another client`);
  const [client] = await tx
    .insert(clients)
    .values({
      name: input.name,
      slug: input.slug,
      plan: input.plan,
      timezone: input.timezone,
      metaPhoneNumberId: input.metaPhoneNumberId ?? null,
      metaDisplayPhone: input.metaDisplayPhone ?? null,
      metaWabaId: input.metaWabaId ?? null,
      createdBy: input.createdBy ?? null,
    })
    .returning({ id: clients.id, slug: clients.slug });
  const clientId = client!.id;
  const store = (name: string, value: string | undefined) => (value ? app.vault.store(tx, { clientId, name, value }) : Promise.resolve(null));
  await tx
    .update(clients)
    .set({
      metaAccessTokenSecretId: await store('meta_access_token', input.metaAccessToken),
      metaVerifyTokenSecretId: await store('meta_verify_token', input.metaVerifyToken),
      metaAppSecretSecretId: await store('meta_app_secret', input.metaAppSecret),
    })
    .where(eq(clients.id, clientId));
  // Every client can try the product at once on its sandbox number (no Meta account needed).
  await provisionSandboxNumber(app, tx, clientId);
  await seedDefaultCannedResponses(app.db, tx, clientId, options.cannedResponsesLanguage);
  return client!;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
