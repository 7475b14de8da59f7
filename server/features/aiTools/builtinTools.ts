// The built-in tools (shared/bot/botConfiguration.ts BUILTIN_AI_TOOLS), offered when the client
// turned them on: the knowledge base, a hand-off to a person, a flow, the contact's record (its
// name and the client's typed contact attributes, through the contacts feature), a follow-up
// message later.
import { and, eq } from 'drizzle-orm';
import type { BuiltinAiTool } from '#shared/bot/botConfiguration.js';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';
import { AttributeValueError, loadAttributeDefinitions, writeAttributeValues } from '#server/features/contacts/index.js';
import { listTeams } from '#server/features/teams/index.js';
import type { AgentTool, ToolCallContext, ToolOutcome } from './agentTool.js';
import { flowStarter } from './flowStarterPort.js';
import { knowledgeSearch } from './knowledgeSearchPort.js';
import { FOLLOW_UP_JOB } from './followUps.js';

const FOLLOW_UP_MAX_MINUTES = 7 * 24 * 60;

const fn = (name: string, description: string, properties: JsonObject, required: string[] = []): AgentTool['definition'] => ({
  type: 'function',
  function: { name, description, parameters: { type: 'object', properties, required, additionalProperties: false } },
});

const ok = (value: unknown): ToolOutcome => ({ ok: true, content: typeof value === 'string' ? value : JSON.stringify(value) });
const failed = (message: string): ToolOutcome => ({ ok: false, content: JSON.stringify({ error: message }) });

export async function builtinTools(app: AppContext, clientId: string, enabled: readonly BuiltinAiTool[], options: { forFlow: boolean }): Promise<AgentTool[]> {
  const tools: AgentTool[] = [];
  const on = new Set(enabled);
  if (on.has('search_knowledge_base') && knowledgeSearch(app)) tools.push(searchKnowledgeBase);
  // In a flow the flow decides who talks next: no hand-off or other flow from its AI block.
  if (on.has('handoff_to_human') && !options.forFlow) tools.push(handoffToHuman(await listTeams(app, clientId)));
  if (on.has('start_flow') && !options.forFlow) {
    const starter = flowStarter(app);
    const flows = starter ? await starter.list(app, clientId) : [];
    if (starter && flows.length > 0) tools.push(startFlow(flows));
  }
  if (on.has('read_contact')) tools.push(readContact);
  if (on.has('update_contact')) tools.push(updateContact);
  if (on.has('schedule_follow_up')) tools.push(scheduleFollowUp);
  return tools;
}

const searchKnowledgeBase: AgentTool = {
  name: 'search_knowledge_base',
  timeoutMs: 10_000,
  definition: fn(
    'search_knowledge_base',
    "Searches the business's knowledge base (documents, FAQs, price lists) and returns the most relevant passages.",
    { query: { type: 'string', description: 'What to look for, in the customer’s words' } },
    ['query'],
  ),
  async run(args, context) {
    const query = typeof args.query === 'string' ? args.query.trim() : '';
    if (!query) return failed('"query" is required');
    const search = knowledgeSearch(context.app);
    if (!search) return failed('the knowledge base is not available');
    const found = await search(context.app, { clientId: context.clientId, query, conversationId: context.conversationId, caller: context.caller });
    return ok(found || 'Nothing in the knowledge base matches this question.');
  },
};

/** The hand-off; with the client's teams as a choice when it has any (none named: the number's default team). */
function handoffToHuman(teams: Array<{ id: string; name: string }>): AgentTool {
  const parameters: JsonObject = { reason: { type: 'string', description: 'Why a person should take over, for the team' } };
  if (teams.length > 0)
    parameters.team = {
      type: 'string',
      enum: teams.map((team) => team.name),
      description: 'The team that should take over, when one fits what the customer needs',
    };
  return {
    name: 'handoff_to_human',
    timeoutMs: 5_000,
    definition: fn(
      'handoff_to_human',
      'Hands the conversation to a person of the team. Use it when the customer asks for a person or when you cannot help with what they need.',
      parameters,
      ['reason'],
    ),
    // The reply ends the turn: the caller sends the hand-off message and moves the conversation.
    run: async (args) => {
      const named = typeof args.team === 'string' && args.team.trim() ? args.team.trim() : null;
      const team = named === null ? null : teams.find((candidate) => candidate.name.toLowerCase() === named.toLowerCase());
      if (team === undefined) return failed(`there is no team "${named}"; the teams are ${teams.map((candidate) => candidate.name).join(', ') || 'none'}`);
      return {
        ok: true,
        content: 'handed off',
        ends: { kind: 'handoff', reason: typeof args.reason === 'string' ? args.reason.slice(0, 500) : '', teamId: team?.id ?? null },
      };
    },
  };
}

function startFlow(flows: Array<{ id: string; name: string; description: string | null }>): AgentTool {
  return {
    name: 'start_flow',
    timeoutMs: 15_000,
    definition: fn(
      'start_flow',
      `Starts one of the business's guided flows for this customer (the flow then leads the conversation). Flows: ${flows
        .map((flow) => `"${flow.name}"${flow.description ? ` (${flow.description})` : ''}`)
        .join('; ')}.`,
      { flow: { type: 'string', enum: flows.map((flow) => flow.name), description: 'The flow’s name' } },
      ['flow'],
    ),
    async run(args, context) {
      const flow = flows.find((candidate) => candidate.name === args.flow);
      if (!flow) return failed(`no flow named "${String(args.flow)}"`);
      const starter = flowStarter(context.app);
      if (!starter) return failed('flows cannot be started here');
      try {
        const started = await starter.start(context.app, context.clientId, { flowId: flow.id, conversationId: context.conversationId });
        return { ok: true, content: 'flow started', ends: { kind: 'flow_started', flowName: started.flowName } };
      } catch (error) {
        return failed(error instanceof Error ? error.message : String(error));
      }
    },
  };
}

/** The customer's contact and the values of the client's contact attributes (contacts feature). */
async function contactRecord(context: ToolCallContext, tx: Tx) {
  const { clientesWhatsapp, contactAttributeValues: v } = context.app.db.t;
  const [row] = await tx
    .select()
    .from(clientesWhatsapp)
    .where(and(eq(clientesWhatsapp.clientId, context.clientId), eq(clientesWhatsapp.telefone, context.phone)));
  if (!row) return null;
  const values = await tx
    .select({ key: v.key, value: v.value })
    .from(v)
    .where(and(eq(v.clientId, context.clientId), eq(v.contactId, row.id)));
  return { row, attributes: Object.fromEntries(values.map((value) => [value.key, value.value])) };
}

const readContact: AgentTool = {
  name: 'read_contact',
  timeoutMs: 5_000,
  definition: fn(
    'read_contact',
    'Reads what the business knows about this customer: their name and contact attributes (e.g. email, plan, city), and which attributes can be saved, with their types.',
    {},
  ),
  async run(_args, context) {
    const { app, clientId } = context;
    const found = await app.db.tenant(clientId, async (tx) => {
      const record = await contactRecord(context, tx);
      return record && { record, definitions: await loadAttributeDefinitions(app.db, tx, clientId) };
    });
    if (!found) return failed('this customer has no contact record yet');
    const settable = [...found.definitions.values()].map((definition) => ({
      key: definition.key,
      label: definition.label,
      type: definition.type,
      options: definition.options,
    }));
    return ok({ name: found.record.row.nome, phone: found.record.row.telefone, attributes: found.record.attributes, settable });
  },
};

const updateContact: AgentTool = {
  name: 'update_contact',
  timeoutMs: 5_000,
  definition: fn(
    'update_contact',
    "Saves the customer's name, or values the customer told you for the business's contact attributes (read_contact lists them with their types).",
    {
      name: { type: 'string', description: 'The customer’s name' },
      attributes: { type: 'object', additionalProperties: { type: 'string' }, description: 'Attribute values to set, by attribute key' },
    },
  ),
  async run(args, context) {
    const { app, clientId } = context;
    const name = args.name === undefined ? undefined : typeof args.name === 'string' && args.name.trim() ? args.name.trim().slice(0, 200) : null;
    if (name === null) return failed('"name" must be a non-empty text');
    const given = args.attributes ?? {};
    if (typeof given !== 'object' || given === null || Array.isArray(given)) return failed('"attributes" must be an object of texts');
    const entries = Object.entries(given as Record<string, unknown>);
    const bad = entries.find(([, value]) => typeof value !== 'string' || value.length > 1_000);
    if (bad) return failed(`attribute "${bad[0]}" must have a text value of at most 1000 characters`);
    if (name === undefined && entries.length === 0) return failed('nothing to update');
    const { clientesWhatsapp } = app.db.t;
    try {
      const updated = await app.db.tenant(clientId, async (tx) => {
        const record = await contactRecord(context, tx);
        if (!record) return null;
        // Typed by the client's definitions; one refused value refuses them all (the transaction rolls back).
        const definitions = await loadAttributeDefinitions(app.db, tx, clientId);
        await writeAttributeValues(app.db, tx, clientId, record.row.id, definitions, Object.fromEntries(entries as Array<[string, string]>));
        if (name !== undefined)
          await tx
            .update(clientesWhatsapp)
            .set({ nome: name })
            .where(and(eq(clientesWhatsapp.id, record.row.id), eq(clientesWhatsapp.clientId, clientId)));
        return { name: name ?? record.row.nome, attributes: (await contactRecord(context, tx))!.attributes };
      });
      if (updated === null) return failed('this customer has no contact record yet');
      return ok({ saved: true, ...updated });
    } catch (error) {
      if (error instanceof AttributeValueError) return failed(error.message);
      throw error;
    }
  },
};

const scheduleFollowUp: AgentTool = {
  name: 'schedule_follow_up',
  timeoutMs: 5_000,
  definition: fn(
    'schedule_follow_up',
    'Schedules a message to this customer later (a reminder, a check-in). It is not sent if a person took the conversation meanwhile or the 24-hour window closed.',
    {
      message: { type: 'string', description: 'The text to send' },
      delay_minutes: { type: 'integer', description: `Minutes from now (1 to ${FOLLOW_UP_MAX_MINUTES})` },
    },
    ['message', 'delay_minutes'],
  ),
  async run(args, context) {
    const message = typeof args.message === 'string' ? args.message.trim() : '';
    const minutes = args.delay_minutes;
    if (!message || message.length > 4_000) return failed('"message" must be a text of 1 to 4000 characters');
    if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > FOLLOW_UP_MAX_MINUTES)
      return failed(`"delay_minutes" must be a whole number from 1 to ${FOLLOW_UP_MAX_MINUTES}`);
    const runAt = new Date(Date.now() + minutes * 60_000);
    await context.app.db.tenant(context.clientId, (tx) =>
      context.app.jobs.enqueue(tx, {
        type: FOLLOW_UP_JOB,
        clientId: context.clientId,
        payload: { conversationId: context.conversationId, text: message },
        dedupeKey: `${FOLLOW_UP_JOB}:${context.turnId}:${context.callId}`,
        runAt,
      }),
    );
    return ok({ scheduled: true, at: runAt.toISOString() });
  },
};
