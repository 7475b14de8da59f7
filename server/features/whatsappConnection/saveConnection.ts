// Saves the client's real WhatsApp number: the ids on the client row, the access token and app
// secret in the vault. Secrets are write-only: a secret not given keeps its saved value. A phone
// number id another client holds is refused (CONFLICT), both by a check and by the unique index
// when two clients claim the same number at once.
import { TRPCError } from '@trpc/server';
import { and, eq, isNull, ne, notInArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';
import { forgetGraphCredentials } from '../whatsapp/index.js';
import { forgetWebhookClients } from '../whatsapp/index.js';
import { newVerifyToken, VERIFY_TOKEN_SECRET_NAME } from './verifyToken.js';

export type SaveInput = {
  phoneNumberId: string;
  /** null clears the WhatsApp Business account id (templates need one); absent keeps the saved one. */
  wabaId?: string | null;
  accessToken?: string;
  appSecret?: string;
  regenerateVerifyToken?: boolean;
};

export async function saveConnection(app: AppContext, clientId: string, input: SaveInput) {
  const { clients } = app.db.t;
  // Another client's row is invisible in a tenant transaction on PostgreSQL (row-level security),
  // so whether the number is free is asked in the platform context: yes or no only.
  const taken = await app.db.system((tx) =>
    tx
      .select({ id: clients.id })
      .from(clients)
      .where(and(eq(clients.metaPhoneNumberId, input.phoneNumberId), ne(clients.id, clientId))),
  );
  if (taken.length > 0) throw phoneTaken(input.phoneNumberId);
  let result;
  try {
    result = await app.db.tenant(clientId, async (tx) => {
      const [row] = await tx.select().from(clients).where(eq(clients.id, clientId));
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'no client with this id' });
      if (!input.accessToken && !row.metaAccessTokenSecretId) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'the access token is needed: paste the token of a system user with the WhatsApp permissions' });
      }
      if (!input.appSecret && !row.metaAppSecretSecretId && !app.config.whatsapp.appSecret) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'the app secret is needed: Meta signs every webhook with it (App settings > Basic > App secret)' });
      }
      const numberChanged = row.metaPhoneNumberId !== input.phoneNumberId;
      const secret = (existing: string | null, name: string, value: string | undefined) =>
        value ? app.vault.upsert(tx, existing, { clientId, name, value }) : Promise.resolve(existing);
      const verifyTokenSecretId =
        input.regenerateVerifyToken || !row.metaVerifyTokenSecretId
          ? await app.vault.upsert(tx, row.metaVerifyTokenSecretId, { clientId, name: VERIFY_TOKEN_SECRET_NAME, value: newVerifyToken() })
          : row.metaVerifyTokenSecretId;
      await tx
        .update(clients)
        .set({
          metaPhoneNumberId: input.phoneNumberId,
          ...(input.wabaId !== undefined ? { metaWabaId: input.wabaId } : {}),
          metaAccessTokenSecretId: await secret(row.metaAccessTokenSecretId, 'meta_access_token', input.accessToken),
          metaAppSecretSecretId: await secret(row.metaAppSecretSecretId, 'meta_app_secret', input.appSecret),
          metaVerifyTokenSecretId: verifyTokenSecretId,
          // What Meta said about the previous number does not describe a new one.
          ...(numberChanged ? { metaDisplayPhone: null, metaVerifiedName: null, metaQualityRating: null, metaVerifiedAt: null } : {}),
        })
        .where(eq(clients.id, clientId));
      // The client's first main number: chats started before it (no number) move onto it, unless the
      // customer already has a conversation there (the key is client, phone and number).
      if (!row.metaPhoneNumberId) {
        const { conversations } = app.db.t;
        const there = await tx
          .select({ phone: conversations.phone })
          .from(conversations)
          .where(and(eq(conversations.clientId, clientId), eq(conversations.numberKey, input.phoneNumberId)));
        await tx
          .update(conversations)
          .set({ phoneNumberId: input.phoneNumberId })
          .where(
            and(
              eq(conversations.clientId, clientId),
              isNull(conversations.phoneNumberId),
              there.length ? notInArray(conversations.phone, [...new Set(there.map((conversation) => conversation.phone))]) : undefined,
            ),
          );
      }
      return {
        phoneNumberId: input.phoneNumberId,
        numberChanged,
        replaced: [
          ...(input.accessToken ? ['accessToken'] : []),
          ...(input.appSecret ? ['appSecret'] : []),
          ...(input.regenerateVerifyToken ? ['verifyToken'] : []),
        ],
      };
    });
  } catch (error) {
    // Two clients claiming the same number at once: the unique index decides.
    if (isUniqueViolation(error, 'meta_phone_number_id')) throw phoneTaken(input.phoneNumberId);
    throw error;
  }
  // Sends use the new token and webhooks the new app secret and owner at once (both are cached briefly).
  forgetGraphCredentials(app, clientId);
  forgetWebhookClients(app);
  return result;
}

const phoneTaken = (id: string) =>
  new TRPCError({
    code: 'CONFLICT',
    message: `the WhatsApp number with phone number id ${id} is already connected to another account on this server: check the id, or ask the platform administrator`,
  });
