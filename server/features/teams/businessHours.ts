// Business hours of a client (scope '*') or of one of its numbers (scope = phone_number_id, which
// wins over the client's). Outside them a handoff (the flow's block, the bot's, a person's send to
// a team) queues an away message saying when agents return, in the business's timezone. Or, when a
// flow is chosen (away_flow_id), a customer's message to the bot outside them starts that flow, once
// per episode (flows' businessHoursFlowResponder asks awayFlowAt here).
import { TRPCError } from '@trpc/server';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';
import { describeReturn, isOpenAt, nextOpening, scheduleSchema, type Schedule } from '#shared/teams/businessHours.js';
import { TEAMS_CHANGED } from '#shared/teams/teamVocabulary.js';

export const CLIENT_SCOPE = '*';
export const DEFAULT_AWAY_MESSAGE = 'Nosso atendimento humano está fora do horário agora. Voltamos {{retorno}} e respondemos por ordem de chegada.';

export type BusinessHoursView = {
  scope: string;
  enabled: boolean;
  schedule: Schedule;
  awayMessage: string | null;
  /** The flow a customer's message starts outside the hours; null: none (only the away message on a handoff). */
  awayFlowId: string | null;
  updatedAt: string;
};

export async function listBusinessHours(app: AppContext, clientId: string): Promise<BusinessHoursView[]> {
  const { businessHours } = app.db.t;
  const rows = await app.db.tenant(clientId, (tx) =>
    tx.select().from(businessHours).where(eq(businessHours.clientId, clientId)).orderBy(asc(businessHours.scope)),
  );
  return rows.map((row) => ({
    scope: row.scope,
    enabled: row.enabled,
    schedule: scheduleSchema.parse(row.schedule),
    awayMessage: row.awayMessage,
    awayFlowId: row.awayFlowId,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export async function saveBusinessHours(
  app: AppContext,
  clientId: string,
  input: { scope: string; enabled: boolean; schedule: Schedule; awayMessage: string | null; awayFlowId?: string | null },
): Promise<BusinessHoursView> {
  const { businessHours, whatsappNumbers, clients, interactiveFlows } = app.db.t;
  await app.db.tenant(clientId, async (tx) => {
    if (input.scope !== CLIENT_SCOPE) {
      const [number] = await tx
        .select({ id: whatsappNumbers.id })
        .from(whatsappNumbers)
        .where(and(eq(whatsappNumbers.clientId, clientId), eq(whatsappNumbers.phoneNumberId, input.scope)));
      const [main] = await tx
        .select({ id: clients.id })
        .from(clients)
        .where(and(eq(clients.id, clientId), or(eq(clients.metaPhoneNumberId, input.scope), eq(clients.sandboxPhoneNumberId, input.scope))));
      if (!number && !main)
        throw new TRPCError({ code: 'NOT_FOUND', message: 'number not found: business hours are set for the whole client (*) or one of its numbers' });
    }
    if (input.awayFlowId) {
      const [flow] = await tx
        .select({ id: interactiveFlows.id })
        .from(interactiveFlows)
        .where(and(eq(interactiveFlows.id, input.awayFlowId), eq(interactiveFlows.clientId, clientId)));
      if (!flow) throw new TRPCError({ code: 'NOT_FOUND', message: 'flow not found: outside the hours only one of your own flows can start' });
    }
    const values = {
      enabled: input.enabled,
      schedule: input.schedule as unknown as JsonObject,
      awayMessage: input.awayMessage,
      awayFlowId: input.awayFlowId ?? null,
    };
    await tx
      .insert(businessHours)
      .values({ clientId, scope: input.scope, ...values })
      .onConflictDoUpdate({ target: [businessHours.clientId, businessHours.scope], set: values });
  });
  app.events.publish(clientId, TEAMS_CHANGED, { change: 'businessHours', scope: input.scope });
  return (await listBusinessHours(app, clientId)).find((row) => row.scope === input.scope)!;
}

export async function removeBusinessHours(app: AppContext, clientId: string, scope: string): Promise<{ scope: string }> {
  const { businessHours } = app.db.t;
  const removed = await app.db.tenant(clientId, (tx) =>
    tx
      .delete(businessHours)
      .where(and(eq(businessHours.clientId, clientId), eq(businessHours.scope, scope)))
      .returning({ id: businessHours.id }),
  );
  if (!removed.length) throw new TRPCError({ code: 'NOT_FOUND', message: 'no business hours for that scope' });
  app.events.publish(clientId, TEAMS_CHANGED, { change: 'businessHours', scope });
  return { scope };
}

/** The hours that apply to a conversation on `phoneNumberId` (its number's, else the client's); null: always open. */
export async function hoursFor(app: AppContext, tx: Tx, clientId: string, phoneNumberId: string | null) {
  const { businessHours } = app.db.t;
  const scopes = phoneNumberId ? [phoneNumberId, CLIENT_SCOPE] : [CLIENT_SCOPE];
  const rows = await tx
    .select()
    .from(businessHours)
    .where(and(eq(businessHours.clientId, clientId), inArray(businessHours.scope, scopes)));
  const row = rows.find((entry) => entry.scope !== CLIENT_SCOPE) ?? rows[0];
  if (!row || !row.enabled) return null;
  const parsed = scheduleSchema.safeParse(row.schedule);
  return parsed.success ? { schedule: parsed.data, awayMessage: row.awayMessage, awayFlowId: row.awayFlowId } : null;
}

/** The flow to start for a customer's message at `at` (outside the hours that apply, when they name one); null: none. */
export async function awayFlowAt(app: AppContext, tx: Tx, clientId: string, phoneNumberId: string | null, at: Date): Promise<string | null> {
  const hours = await hoursFor(app, tx, clientId, phoneNumberId);
  if (!hours?.awayFlowId || isOpenAt(hours.schedule, at)) return null;
  return hours.awayFlowId;
}

/** The away message for `at`, or null when it is within the hours (or none are set). */
export async function awayMessageAt(app: AppContext, tx: Tx, clientId: string, phoneNumberId: string | null, at: Date): Promise<string | null> {
  const hours = await hoursFor(app, tx, clientId, phoneNumberId);
  if (!hours || isOpenAt(hours.schedule, at)) return null;
  const opens = nextOpening(hours.schedule, at);
  const when = opens ? describeReturn(opens, hours.schedule.timezone) : 'assim que possível';
  return (hours.awayMessage ?? DEFAULT_AWAY_MESSAGE).replaceAll('{{retorno}}', when);
}
