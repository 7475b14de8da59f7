// Per client: template prices per category in BRL (for the cost estimate) and the messaging tier of
// each business number (unique business-initiated contacts per rolling 24 h; null = unlimited).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import { DEFAULT_TEMPLATE_PRICES, DEFAULT_TIER, MESSAGING_TIERS } from '#shared/contacts/vocabulary.js';

export type CampaignSettings = { prices: Record<string, string>; tiers: Record<string, number | null> };

const price = z.string().regex(/^\d{1,6}(\.\d{1,4})?$/, 'a price is a decimal in BRL, e.g. 0.3500');
const tier = z.union([z.literal(250), z.literal(1000), z.literal(10_000), z.literal(100_000), z.null()]);
export const settingsInput = z.object({
  clientId: z.string().uuid().optional(),
  prices: z.object({ MARKETING: price.optional(), UTILITY: price.optional(), AUTHENTICATION: price.optional() }).optional(),
  /** By phone number id; '' is the client's main number. */
  tiers: z.record(z.string().max(64), tier).optional(),
});

export async function readSettings(db: Database, tx: Tx, clientId: string): Promise<CampaignSettings> {
  const { campaignSettings } = db.t;
  const [row] = await tx.select().from(campaignSettings).where(eq(campaignSettings.clientId, clientId));
  return { prices: { ...DEFAULT_TEMPLATE_PRICES, ...(row?.prices ?? {}) }, tiers: { '': DEFAULT_TIER, ...(row?.tiers ?? {}) } };
}

export function tierOf(settings: CampaignSettings, phoneNumberId: string | null): number | null {
  const value = settings.tiers[phoneNumberId ?? ''] ?? settings.tiers[''];
  return value === undefined ? DEFAULT_TIER : value;
}

export async function saveSettings(db: Database, clientId: string, input: z.infer<typeof settingsInput>): Promise<CampaignSettings> {
  const { campaignSettings } = db.t;
  return db.tenant(clientId, async (tx) => {
    const current = await readSettings(db, tx, clientId);
    const given = Object.entries(input.prices ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    const prices = { ...current.prices, ...Object.fromEntries(given) };
    const tiers = { ...current.tiers, ...(input.tiers ?? {}) };
    await tx.insert(campaignSettings).values({ clientId, prices, tiers }).onConflictDoUpdate({ target: campaignSettings.clientId, set: { prices, tiers } });
    return { prices, tiers };
  });
}

export { MESSAGING_TIERS };

/** Exact decimal arithmetic for the estimate: price × count, in BRL with 2 decimals (rounded half up). */
export function costOf(unitPrice: string, count: number): string {
  const [whole, fraction = ''] = unitPrice.split('.');
  const tenThousandths = BigInt(whole!) * 10_000n + BigInt(fraction.padEnd(4, '0').slice(0, 4));
  const total = tenThousandths * BigInt(count);
  const cents = (total + 50n) / 100n;
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}
