// A client's Graph API credentials from the vault, cached briefly (every send needs them).
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import { channelPlugins } from '../channelPlugins.js';
import { isSandboxPhoneNumberId } from '../sandboxNumber.js';
import { createGraphClient, type GraphClient, type GraphCredentials } from './graphClient.js';

export class MissingCredentialsError extends UserFacingError {
  override name = 'MissingCredentialsError';
}

const CACHE_MS = 60_000;
const cache = perApp<AppContext, Map<string, { value: GraphCredentials; until: number }>>(() => new Map());
/** Reads in progress: sends starting together (a batch of the outbox) share one instead of each reading. */
const loading = perApp<AppContext, Map<string, Promise<unknown>>>(() => new Map());

function once<T>(app: AppContext, key: string, load: () => Promise<T>): Promise<T> {
  const pending = loading(app).get(key) as Promise<T> | undefined;
  if (pending) return pending;
  const started = load().finally(() => loading(app).delete(key));
  loading(app).set(key, started);
  return started;
}

export async function loadGraphCredentials(app: AppContext, clientId: string): Promise<GraphCredentials> {
  const hit = cache(app).get(clientId);
  if (hit && hit.until > Date.now()) return hit.value;
  return once(app, `client:${clientId}`, () => readGraphCredentials(app, clientId));
}

async function readGraphCredentials(app: AppContext, clientId: string): Promise<GraphCredentials> {
  const { clients } = app.db.t;
  const value = await app.db.tenant(clientId, async (tx) => {
    const [client] = await tx.select().from(clients).where(eq(clients.id, clientId));
    if (!client) throw new MissingCredentialsError('client not found');
    if (!client.metaPhoneNumberId || !client.metaAccessTokenSecretId) {
      throw new MissingCredentialsError('the client has no WhatsApp phone number id or access token configured');
    }
    return { accessToken: await app.vault.read(tx, client.metaAccessTokenSecretId), phoneNumberId: client.metaPhoneNumberId, wabaId: client.metaWabaId };
  });
  cache(app).set(clientId, { value, until: Date.now() + CACHE_MS });
  return value;
}

/**
 * The Graph client for one of the client's numbers: `phoneNumberId` is the business number a
 * conversation is on (conversations.phone_number_id). The sandbox number gets the in-process
 * sandbox transport (features/sandbox, handed in as a channel plugin); any other id, or none, is the client's Meta number.
 */
export async function graphClientFor(app: AppContext, clientId: string, phoneNumberId?: string | null): Promise<GraphClient> {
  if (isSandboxPhoneNumberId(phoneNumberId)) return channelPlugins(app).sandboxGraphClient(app, clientId, phoneNumberId);
  const own = phoneNumberId ? await loadNumberCredentials(app, clientId, phoneNumberId) : null;
  return createGraphClient({ ...app.config.whatsapp, allowPrivateNetwork: app.config.allowPrivateNetwork }, own ?? (await loadGraphCredentials(app, clientId)));
}

const numberCache = perApp<AppContext, Map<string, { value: GraphCredentials | null; until: number }>>(() => new Map());

/** A further number's own credentials (whatsapp_numbers with an access token); null: the client's main number's. */
async function loadNumberCredentials(app: AppContext, clientId: string, phoneNumberId: string): Promise<GraphCredentials | null> {
  const key = `${clientId}:${phoneNumberId}`;
  const hit = numberCache(app).get(key);
  if (hit && hit.until > Date.now()) return hit.value;
  return once(app, `number:${key}`, () => readNumberCredentials(app, clientId, phoneNumberId, key));
}

async function readNumberCredentials(app: AppContext, clientId: string, phoneNumberId: string, key: string): Promise<GraphCredentials | null> {
  const { whatsappNumbers } = app.db.t;
  const value = await app.db.tenant(clientId, async (tx) => {
    const [row] = await tx
      .select()
      .from(whatsappNumbers)
      .where(and(eq(whatsappNumbers.clientId, clientId), eq(whatsappNumbers.phoneNumberId, phoneNumberId)));
    if (!row?.accessTokenSecretId) return null;
    return { accessToken: await app.vault.read(tx, row.accessTokenSecretId), phoneNumberId: row.phoneNumberId, wabaId: row.wabaId };
  });
  numberCache(app).set(key, { value, until: Date.now() + CACHE_MS });
  return value;
}

/** The Graph client for the number `conversationId` is on. */
export async function graphClientForConversation(app: AppContext, clientId: string, conversationId: string): Promise<GraphClient> {
  const { conversations } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ phoneNumberId: conversations.phoneNumberId })
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId))),
  );
  return graphClientFor(app, clientId, row?.phoneNumberId ?? null);
}

export function forgetGraphCredentials(app: AppContext, clientId?: string): void {
  loading(app).clear();
  numberCache(app).clear();
  if (clientId) cache(app).delete(clientId);
  else cache(app).clear();
}
