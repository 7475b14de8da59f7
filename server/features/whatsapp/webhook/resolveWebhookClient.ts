// Which client owns a phone_number_id, and the app secret its webhooks are signed with (the
// client's own, else the platform's WHATSAPP_APP_SECRET). Cached: every webhook needs it and the
// answer only changes when an administrator edits the client or its numbers. Such an edit calls
// forgetWebhookClients, which drops the answers here at once and, announced on the live events bus
// (relayed by PostgreSQL NOTIFY), on every other instance: a number moved to another client, removed,
// or a rotated secret applies to the next webhook whichever instance Meta reaches. The expiry is only
// a safety net for an announcement lost with a dropped listening connection.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { isSandboxPhoneNumberId, sandboxOwner } from '../sandboxNumber.js';

export type WebhookClient = { clientId: string; appSecret: string | null; status: string };

const CACHE_MS = 30_000;
/** The live events key the announcement travels under: no tenant's id, so no tenant's stream sees it. */
export const WEBHOOK_ROUTING_CHANGED_KEY = 'system:webhook-routing-changed';

const cache = perApp<AppContext, Map<string, { value: WebhookClient; until: number }>>((app) => {
  // Every instance that ever cached an answer hears every change (its own and the others').
  app.events.subscribe(WEBHOOK_ROUTING_CHANGED_KEY, () => forgetHere(app));
  return new Map();
});

// Lookups in progress: deliveries arriving while the answer is being looked up (hundreds a second
// when the cache entry expires under load) wait for that one lookup instead of each starting one.
const lookups = perApp<AppContext, Map<string, Promise<WebhookClient | null>>>(() => new Map());
// Bumped by forgetWebhookClients: a lookup that started before is not cached after it.
const generation = perApp<AppContext, { value: number }>(() => ({ value: 0 }));

export async function resolveWebhookClient(app: AppContext, phoneNumberId: string): Promise<WebhookClient | null> {
  const cached = cache(app).get(phoneNumberId);
  if (cached && cached.until > Date.now()) return cached.value;
  const inProgress = lookups(app).get(phoneNumberId);
  if (inProgress) return inProgress;
  const lookup = lookUp(app, phoneNumberId).finally(() => lookups(app).delete(phoneNumberId));
  lookups(app).set(phoneNumberId, lookup);
  return lookup;
}

async function lookUp(app: AppContext, phoneNumberId: string): Promise<WebhookClient | null> {
  const { clients } = app.db.t;
  const startedIn = generation(app).value;
  const value =
    (await furtherNumber(app, phoneNumberId)) ??
    (isSandboxPhoneNumberId(phoneNumberId)
      ? // The sandbox number: its webhooks are signed with the sandbox's own secret, never Meta's.
        await sandboxOwner(app, phoneNumberId).then((owner) => owner && { clientId: owner.clientId, appSecret: owner.appSecret, status: owner.status })
      : await app.db.system(async (tx) => {
          const [row] = await tx
            .select({ id: clients.id, status: clients.status, secretId: clients.metaAppSecretSecretId })
            .from(clients)
            .where(eq(clients.metaPhoneNumberId, phoneNumberId));
          if (!row) return null;
          const own = row.secretId ? await app.vault.read(tx, row.secretId) : null;
          return { clientId: row.id, appSecret: own ?? app.config.whatsapp.appSecret ?? null, status: row.status };
        }));
  // Only positive answers are cached, so a client created a moment ago is found at once.
  if (value && startedIn === generation(app).value) cache(app).set(phoneNumberId, { value, until: Date.now() + CACHE_MS });
  return value;
}

/** A number of the client's with its own app secret (whatsapp_numbers: a further Meta or sandbox number); null: look at the client row. */
async function furtherNumber(app: AppContext, phoneNumberId: string): Promise<WebhookClient | null> {
  const { clients, whatsappNumbers } = app.db.t;
  return app.db.system(async (tx) => {
    const [row] = await tx
      .select({ clientId: whatsappNumbers.clientId, secretId: whatsappNumbers.appSecretSecretId, status: clients.status })
      .from(whatsappNumbers)
      .innerJoin(clients, eq(clients.id, whatsappNumbers.clientId))
      .where(and(eq(whatsappNumbers.phoneNumberId, phoneNumberId), isNotNull(whatsappNumbers.appSecretSecretId)));
    if (!row?.secretId) return null;
    return { clientId: row.clientId, appSecret: await app.vault.read(tx, row.secretId), status: row.status };
  });
}

/**
 * Forget cached answers after a client's WhatsApp settings, status or numbers changed: here at once,
 * and on every other instance (after the enclosing transaction commits, if any).
 */
export function forgetWebhookClients(app: AppContext): void {
  forgetHere(app);
  app.events.publish(WEBHOOK_ROUTING_CHANGED_KEY, 'webhook-routing.changed', {});
}

function forgetHere(app: AppContext): void {
  cache(app).clear();
  lookups(app).clear();
  generation(app).value++;
}
