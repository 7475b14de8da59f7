// A client's WhatsApp numbers (inboxes). The main Meta number and the sandbox number live on the
// client row (whatsappConnection, sandbox); each has a row here too (written by the migration and,
// for numbers connected later, on listing) carrying its display name and default team. Further
// numbers bring their own credentials (Meta: access token and app secret, in the vault) or are
// further sandbox numbers (a generated secret). The webhook finds a number's client by its
// phone_number_id (unique across clients) and replies go out through the number the chat is on.
import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { NUMBERS_CHANGED, type NumberKind } from '#shared/teams/teamVocabulary.js';
import { forgetGraphCredentials, forgetWebhookClients, SANDBOX_DISPLAY_PHONE, SANDBOX_PREFIX } from '../whatsapp/index.js';

type NumberRow = Tables['whatsappNumbers']['$inferSelect'];

export type NumberView = {
  id: string;
  phoneNumberId: string;
  kind: NumberKind;
  displayName: string;
  displayPhone: string | null;
  wabaId: string | null;
  defaultTeamId: string | null;
  /** The flows its customers may start; null: every flow. */
  flowIds: string[] | null;
  /** The client's main Meta number or its first sandbox number (kept on the client row; removed only by disconnecting). */
  main: boolean;
  /** Credentials of its own (else the main number's). */
  ownCredentials: boolean;
};

const view = (row: NumberRow, client: { metaPhoneNumberId: string | null; sandboxPhoneNumberId: string | null }): NumberView => ({
  id: row.id,
  phoneNumberId: row.phoneNumberId,
  kind: row.kind,
  displayName: row.displayName,
  displayPhone: row.displayPhone,
  wabaId: row.wabaId,
  defaultTeamId: row.defaultTeamId,
  flowIds: row.flowIds ?? null,
  main: row.phoneNumberId === client.metaPhoneNumberId || row.phoneNumberId === client.sandboxPhoneNumberId,
  ownCredentials: row.accessTokenSecretId !== null || (row.kind === 'sandbox' && row.appSecretSecretId !== null),
});

/** The name the client's main number gets until an administrator renames it. */
export const mainNumberName = (client: { metaVerifiedName: string | null; metaDisplayPhone: string | null }) =>
  (client.metaVerifiedName ?? client.metaDisplayPhone ?? 'WhatsApp').slice(0, 80);

export async function clientNumbers(app: AppContext, tx: Tx, clientId: string) {
  const { clients } = app.db.t;
  const [client] = await tx
    .select({
      metaPhoneNumberId: clients.metaPhoneNumberId,
      metaDisplayPhone: clients.metaDisplayPhone,
      metaVerifiedName: clients.metaVerifiedName,
      metaWabaId: clients.metaWabaId,
      sandboxPhoneNumberId: clients.sandboxPhoneNumberId,
    })
    .from(clients)
    .where(eq(clients.id, clientId));
  if (!client) throw new TRPCError({ code: 'NOT_FOUND', message: 'no client with this id' });
  return client;
}

/** The client's numbers, main ones first; rows for main numbers connected since the migration are added now. */
export async function listNumbers(app: AppContext, clientId: string): Promise<NumberView[]> {
  const { whatsappNumbers } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const client = await clientNumbers(app, tx, clientId);
    const missing = [
      ...(client.metaPhoneNumberId
        ? [
            {
              clientId,
              phoneNumberId: client.metaPhoneNumberId,
              kind: 'meta' as const,
              displayName: mainNumberName(client),
              displayPhone: client.metaDisplayPhone,
              wabaId: client.metaWabaId,
            },
          ]
        : []),
      ...(client.sandboxPhoneNumberId
        ? [
            {
              clientId,
              phoneNumberId: client.sandboxPhoneNumberId,
              kind: 'sandbox' as const,
              displayName: 'Sandbox',
              displayPhone: SANDBOX_DISPLAY_PHONE,
              wabaId: null,
            },
          ]
        : []),
    ];
    if (missing.length) await tx.insert(whatsappNumbers).values(missing).onConflictDoNothing();
    const rows = await tx
      .select()
      .from(whatsappNumbers)
      .where(eq(whatsappNumbers.clientId, clientId))
      .orderBy(asc(whatsappNumbers.createdAt), asc(whatsappNumbers.id));
    return rows.map((row) => view(row, client)).sort((a, b) => Number(b.main) - Number(a.main));
  });
}

export type CreateNumberInput = {
  kind: NumberKind;
  displayName: string;
  /** Meta numbers: the number's id, token and app secret. */
  phoneNumberId?: string;
  accessToken?: string;
  appSecret?: string;
  wabaId?: string | null;
  displayPhone?: string | null;
  defaultTeamId?: string | null;
};

export async function createNumber(app: AppContext, clientId: string, input: CreateNumberInput): Promise<NumberView> {
  const { whatsappNumbers, clients } = app.db.t;
  let phoneNumberId: string;
  if (input.kind === 'meta') {
    if (!input.phoneNumberId || !input.accessToken || !input.appSecret) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'a Meta number needs its phone number id, an access token and the app secret' });
    }
    if (!/^\d{5,30}$/.test(input.phoneNumberId))
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'the phone number id is the digits Meta shows (WhatsApp > API setup)' });
    phoneNumberId = input.phoneNumberId;
    // Held by any client, as a main number or another one: asked in the platform context (yes or no only).
    const taken = await app.db.system(async (tx) => {
      const onClient = await tx
        .select({ id: clients.id })
        .from(clients)
        .where(or(eq(clients.metaPhoneNumberId, phoneNumberId), eq(clients.sandboxPhoneNumberId, phoneNumberId)));
      const onNumber = await tx.select({ id: whatsappNumbers.id }).from(whatsappNumbers).where(eq(whatsappNumbers.phoneNumberId, phoneNumberId));
      return onClient.length + onNumber.length > 0;
    });
    if (taken) throw numberTaken(phoneNumberId);
  } else {
    phoneNumberId = `${SANDBOX_PREFIX}${randomBytes(10).toString('hex')}`;
  }
  const row = await app.db
    .tenant(clientId, async (tx) => {
      await assertTeam(app, tx, clientId, input.defaultTeamId);
      const accessTokenSecretId =
        input.kind === 'meta' ? await app.vault.store(tx, { clientId, name: 'number_access_token', value: input.accessToken! }) : null;
      const appSecretSecretId = await app.vault.store(tx, {
        clientId,
        name: 'number_app_secret',
        value: input.kind === 'meta' ? input.appSecret! : randomBytes(32).toString('hex'),
      });
      const [created] = await tx
        .insert(whatsappNumbers)
        .values({
          clientId,
          phoneNumberId,
          kind: input.kind,
          displayName: input.displayName,
          displayPhone: input.kind === 'sandbox' ? SANDBOX_DISPLAY_PHONE : (input.displayPhone ?? null),
          wabaId: input.wabaId ?? null,
          accessTokenSecretId,
          appSecretSecretId,
          defaultTeamId: input.defaultTeamId ?? null,
        })
        .returning();
      return view(created!, await clientNumbers(app, tx, clientId));
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, 'phone_number_id')) throw numberTaken(phoneNumberId);
      throw error;
    });
  changed(app, clientId, row.id);
  return row;
}

export async function updateNumber(
  app: AppContext,
  clientId: string,
  id: string,
  input: { displayName?: string; defaultTeamId?: string | null; flowIds?: string[] | null; accessToken?: string; appSecret?: string; wabaId?: string | null },
): Promise<NumberView> {
  const { whatsappNumbers } = app.db.t;
  const row = await app.db.tenant(clientId, async (tx) => {
    const [current] = await tx
      .select()
      .from(whatsappNumbers)
      .where(and(eq(whatsappNumbers.id, id), eq(whatsappNumbers.clientId, clientId)));
    if (!current) throw numberNotFound();
    const client = await clientNumbers(app, tx, clientId);
    if ((input.accessToken || input.appSecret) && (current.kind !== 'meta' || view(current, client).main)) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: "the main number's credentials are changed in the WhatsApp connection; a sandbox number has none to change",
      });
    }
    await assertTeam(app, tx, clientId, input.defaultTeamId);
    if (input.flowIds) await assertFlows(app, tx, clientId, input.flowIds);
    const secret = (existing: string | null, name: string, value: string | undefined) =>
      value ? app.vault.upsert(tx, existing, { clientId, name, value }) : Promise.resolve(existing);
    const [updated] = await tx
      .update(whatsappNumbers)
      .set({
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.defaultTeamId !== undefined ? { defaultTeamId: input.defaultTeamId } : {}),
        ...(input.flowIds !== undefined ? { flowIds: input.flowIds ? [...new Set(input.flowIds)] : null } : {}),
        ...(input.wabaId !== undefined ? { wabaId: input.wabaId } : {}),
        accessTokenSecretId: await secret(current.accessTokenSecretId, 'number_access_token', input.accessToken),
        appSecretSecretId: await secret(current.appSecretSecretId, 'number_app_secret', input.appSecret),
      })
      .where(and(eq(whatsappNumbers.id, id), eq(whatsappNumbers.clientId, clientId)))
      .returning();
    return view(updated!, client);
  });
  changed(app, clientId, id);
  return row;
}

/** Removes a further number (its conversations stay, on a number nobody answers from any more); main numbers are disconnected in the WhatsApp connection. */
export async function removeNumber(app: AppContext, clientId: string, id: string): Promise<{ id: string }> {
  const { whatsappNumbers, secrets } = app.db.t;
  await app.db.tenant(clientId, async (tx) => {
    const [current] = await tx
      .select()
      .from(whatsappNumbers)
      .where(and(eq(whatsappNumbers.id, id), eq(whatsappNumbers.clientId, clientId)));
    if (!current) throw numberNotFound();
    if (view(current, await clientNumbers(app, tx, clientId)).main) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'the main number is disconnected in the WhatsApp connection, not removed here' });
    }
    await tx.delete(whatsappNumbers).where(and(eq(whatsappNumbers.id, id), eq(whatsappNumbers.clientId, clientId)));
    for (const secretId of [current.accessTokenSecretId, current.appSecretSecretId]) {
      if (secretId) await tx.delete(secrets).where(and(eq(secrets.id, secretId), eq(secrets.clientId, clientId)));
    }
  });
  changed(app, clientId, id);
  return { id };
}

async function assertTeam(app: AppContext, tx: Tx, clientId: string, teamId: string | null | undefined) {
  if (!teamId) return;
  const { teams } = app.db.t;
  const [team] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.clientId, clientId)));
  if (!team) throw new TRPCError({ code: 'NOT_FOUND', message: 'team not found' });
}

async function assertFlows(app: AppContext, tx: Tx, clientId: string, flowIds: string[]) {
  if (flowIds.length === 0) return;
  const { interactiveFlows } = app.db.t;
  const found = await tx
    .select({ id: interactiveFlows.id })
    .from(interactiveFlows)
    .where(and(eq(interactiveFlows.clientId, clientId), inArray(interactiveFlows.id, [...new Set(flowIds)])));
  if (found.length !== new Set(flowIds).size)
    throw new TRPCError({ code: 'NOT_FOUND', message: 'flow not found: a number starts only flows of its own client' });
}

function changed(app: AppContext, clientId: string, id: string) {
  forgetWebhookClients(app);
  forgetGraphCredentials(app);
  app.events.publish(clientId, NUMBERS_CHANGED, { id });
}

const numberNotFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'number not found' });
const numberTaken = (id: string) => new TRPCError({ code: 'CONFLICT', message: `the phone number id ${id} is already connected (to this or another client)` });
