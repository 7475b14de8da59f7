// The client's takeover policy, in bot_configurations under one key (beside the AI and voice
// settings): what happens to a running flow when a person takes the conversation, and when they
// give it back to the bot.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';

export const TAKEOVER_POLICY_KEY = 'flows.takeover';

export const takeoverPolicySchema = z.object({
  /** pause: the execution waits (handed_off) for the chat to come back; cancel: it ends. */
  onTakeover: z.enum(['pause', 'cancel']),
  /** resume: the paused execution goes on where it stopped (its question asked again); restart: its flow starts over. */
  onReturn: z.enum(['resume', 'restart']),
});
export type TakeoverPolicy = z.infer<typeof takeoverPolicySchema>;

export const DEFAULT_TAKEOVER_POLICY: TakeoverPolicy = { onTakeover: 'pause', onReturn: 'resume' };

export async function readTakeoverPolicy(app: AppContext, tx: Tx, clientId: string): Promise<TakeoverPolicy> {
  const { botConfigurations } = app.db.t;
  const [row] = await tx
    .select({ value: botConfigurations.configValue, active: botConfigurations.isActive })
    .from(botConfigurations)
    .where(and(eq(botConfigurations.clientId, clientId), eq(botConfigurations.configKey, TAKEOVER_POLICY_KEY)));
  const stored = takeoverPolicySchema.partial().safeParse(row?.active === false ? {} : (row?.value ?? {}));
  return { ...DEFAULT_TAKEOVER_POLICY, ...(stored.success ? stored.data : {}) };
}

export async function updateTakeoverPolicy(app: AppContext, clientId: string, changes: Partial<TakeoverPolicy>): Promise<TakeoverPolicy> {
  const { botConfigurations } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const next: TakeoverPolicy = { ...(await readTakeoverPolicy(app, tx, clientId)), ...given };
    const value = next as unknown as JsonObject;
    await tx
      .insert(botConfigurations)
      .values({ clientId, configKey: TAKEOVER_POLICY_KEY, configValue: value, category: 'flows', description: 'Flows when a person takes over' })
      .onConflictDoUpdate({ target: [botConfigurations.clientId, botConfigurations.configKey], set: { configValue: value, isActive: true } });
    return next;
  });
}
