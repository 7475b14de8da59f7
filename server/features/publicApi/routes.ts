// The public REST API's endpoints, declared once: method, path, scope, the zod schemas the handler
// validates with, and the handler. registerPublicApiRoutes mounts them under /api/v1 and
// openApiDocument describes them from the same schemas (OpenAPI 3.1 at /api/openapi.json).
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { ApiScope } from '#shared/domain/apiScopes.js';
import { safeText } from '#shared/domain/safeText.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { changeConversationStatus, listConversations } from '../conversations/index.js';
import { startFlowManually } from '../flows/index.js';
import { sendToTeam } from '../teams/index.js';
import type { ApiKeyIdentity } from '../openaiCompat/index.js';
import { ApiError } from './apiError.js';
import { getContact, listContacts, phoneParam, updateContact } from './contacts.js';
import { sendToNumber } from './sendToNumber.js';
import { onMainNumber, onNumber, resolveNumber } from '../whatsapp/index.js';

const phone = safeText().min(8).max(32).describe('the customer\'s number with country code, digits (e.g. 5511999990000); "+", spaces and dashes are ignored');
const uuid = (what: string) => z.string().uuid(`${what} must be a uuid`);
const numberId = safeText()
  .trim()
  .min(1)
  .max(100)
  .optional()
  .describe("the business number to use: its phone number id or its id (GET numbers in the app); omitted: the client's main number");

const contactSchema = z.object({
  id: z.string(),
  phone: z.string(),
  name: z.string().nullable(),
  status: z.string(),
  optedOut: z.boolean().describe('opted out of business-initiated messages (templates are refused)'),
  isTest: z.boolean(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const conversationSchema = z.object({
  id: z.string(),
  phone: z.string(),
  name: z.string().nullable(),
  status: z.string().describe('bot, fluxo_inicial (in a flow), humano (with a person), transferido (waiting for a person), resolved, snoozed'),
  assignedTo: z.string().nullable(),
  lastMessage: z.string().nullable(),
  lastUpdate: z.string(),
  lastInboundAt: z.string().nullable(),
  unreadCount: z.number().int(),
  priority: z.string(),
  createdAt: z.string(),
  phoneNumberId: z.string().nullable().describe('the business number the conversation is on'),
  teamId: z.string().nullable().describe('the team it belongs to (its queue while it waits for a person)'),
  queuedAt: z.string().nullable().describe('since when it waits for a person'),
});

const templateComponents = z.array(z.record(z.string(), z.unknown())).max(20).describe("Meta's template components (header/body/button parameters)");

export const sendMessageBody = z.discriminatedUnion('type', [
  z.object({ to: phone, numberId, type: z.literal('text'), text: safeText().min(1, 'the message is empty').max(4096), previewUrl: z.boolean().optional() }),
  z.object({
    to: phone,
    numberId,
    type: z.literal('template'),
    template: z.object({ name: safeText().min(1).max(512), language: safeText().min(2).max(10), components: templateComponents.optional() }),
  }),
  z.object({
    to: phone,
    numberId,
    type: z.literal('media'),
    media: z.object({
      kind: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
      link: z.string().url('media.link must be an https URL').max(2000),
      caption: safeText().max(1024).optional(),
      filename: safeText().max(240).optional(),
    }),
  }),
]);

const variables = z
  .record(safeText().min(1).max(100), z.union([safeText().max(4000), z.number(), z.boolean()]))
  .refine((value) => Object.keys(value).length <= 50, 'at most 50 variables')
  .describe('flow variables, readable in the flow as {{name}}; contact_name, contact_phone, flow_name, conversation_id and last_answer are set by the product');

const listQuery = (extra: z.ZodRawShape) =>
  z.object({
    ...extra,
    cursor: safeText().max(500).optional().describe('nextCursor from the previous page'),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  });

type Input = { app: AppContext; identity: ApiKeyIdentity; params: Record<string, string>; query: unknown; body: unknown };

export type ApiRoute = {
  method: 'GET' | 'POST' | 'PATCH';
  /** Under /api/v1, Fastify style (`:id`). */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  scope: ApiScope;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  status: number;
  handler(input: Input): Promise<unknown>;
};

export const API_ROUTES: ApiRoute[] = [
  {
    method: 'POST',
    path: '/messages',
    operationId: 'sendMessage',
    summary: 'Send a text, template or media message to a phone number (queued; text and media need an open 24-hour window)',
    tag: 'Messages',
    scope: 'messages:send',
    body: sendMessageBody,
    response: z.object({ messageId: z.string(), conversationId: z.string(), status: z.literal('queued') }),
    status: 202,
    handler: ({ app, identity, body }) => {
      const input = body as z.infer<typeof sendMessageBody>;
      const content: OutboundContent =
        input.type === 'text'
          ? { kind: 'text', text: input.text, ...(input.previewUrl !== undefined ? { previewUrl: input.previewUrl } : {}) }
          : input.type === 'template'
            ? {
                kind: 'template',
                name: input.template.name,
                language: input.template.language,
                ...(input.template.components ? { components: input.template.components } : {}),
              }
            : { kind: 'media', mediaType: input.media.kind, link: input.media.link, caption: input.media.caption, filename: input.media.filename };
      return sendToNumber(app, identity.clientId, phoneParam(input.to), content, input.numberId);
    },
  },
  {
    method: 'POST',
    path: '/flows/:flowId/start',
    operationId: 'startFlow',
    summary: "Start a published, active flow in a number's conversation, with variables (the conversation must be with the bot and its 24-hour window open)",
    tag: 'Flows',
    scope: 'flows:start',
    params: z.object({ flowId: uuid('flowId') }),
    body: z.object({ to: phone, numberId, variables: variables.optional() }),
    response: z.object({ flowId: z.string(), flowName: z.string(), status: z.string(), conversationId: z.string() }),
    status: 202,
    handler: async ({ app, identity, params, body }) => {
      const input = body as { to: string; numberId?: string; variables?: JsonObject };
      const number = phoneParam(input.to);
      const { conversations } = app.db.t;
      // The customer's conversation with the named number (or the main one).
      const [conversation] = await app.db.tenant(identity.clientId, async (tx) => {
        const phoneNumberId = await resolveNumber(app, tx, identity.clientId, input.numberId);
        return tx
          .select({ id: conversations.id })
          .from(conversations)
          .where(
            and(
              eq(conversations.clientId, identity.clientId),
              eq(conversations.phone, number),
              input.numberId ? onNumber(conversations, phoneNumberId) : onMainNumber(conversations, phoneNumberId),
            ),
          )
          .orderBy(desc(conversations.numberKey))
          .limit(1);
      });
      if (!conversation) throw new ApiError(404, 'not_found', `no conversation with ${number}: a flow starts in a conversation the customer opened`);
      const started = await startFlowManually(app, identity.clientId, {
        flowId: params.flowId!,
        conversationId: conversation.id,
        variables: input.variables ?? {},
      });
      return { ...started, conversationId: conversation.id };
    },
  },
  {
    method: 'GET',
    path: '/contacts',
    operationId: 'listContacts',
    summary: 'List contacts by phone number, or search them by name or number',
    tag: 'Contacts',
    scope: 'contacts:read',
    query: listQuery({ search: safeText().max(200).optional().describe('part of the name (any case) or of the number') }),
    response: z.object({ items: z.array(contactSchema), nextCursor: z.string().nullable() }),
    status: 200,
    handler: ({ app, identity, query }) => listContacts(app, identity.clientId, query as { search?: string; cursor?: string; limit: number }),
  },
  {
    method: 'GET',
    path: '/contacts/:phone',
    operationId: 'getContact',
    summary: 'Read one contact by phone number',
    tag: 'Contacts',
    scope: 'contacts:read',
    params: z.object({ phone }),
    response: contactSchema,
    status: 200,
    handler: ({ app, identity, params }) => getContact(app, identity.clientId, phoneParam(params.phone!)),
  },
  {
    method: 'PATCH',
    path: '/contacts/:phone',
    operationId: 'updateContact',
    summary: "Update a contact's name and metadata (metadata is merged key by key; a null value removes the key)",
    tag: 'Contacts',
    scope: 'contacts:write',
    params: z.object({ phone }),
    body: z
      .object({ name: safeText().trim().min(1).max(200).nullable().optional(), metadata: z.record(safeText().min(1).max(100), z.unknown()).optional() })
      .refine((value) => value.name !== undefined || value.metadata !== undefined, 'give name or metadata'),
    response: contactSchema,
    status: 200,
    handler: ({ app, identity, params, body }) =>
      updateContact(app, identity.clientId, phoneParam(params.phone!), body as { name?: string | null; metadata?: Record<string, unknown> }),
  },
  {
    method: 'GET',
    path: '/conversations',
    operationId: 'listConversations',
    summary: 'List conversations, newest activity first, by status or assignment',
    tag: 'Conversations',
    scope: 'conversations:read',
    query: listQuery({
      status: z.enum(['all', 'bot', 'fluxo_inicial', 'humano', 'transferido', 'resolved', 'snoozed']).default('all'),
      assigned: z.enum(['any', 'unassigned']).default('any'),
      search: safeText().max(200).optional(),
    }),
    response: z.object({ items: z.array(conversationSchema), nextCursor: z.string().nullable() }),
    status: 200,
    handler: async ({ app, identity, query }) => {
      const input = query as { status: 'all'; assigned: 'any' | 'unassigned'; search?: string; cursor?: string; limit: number };
      const page = await listConversations(app, identity.clientId, '', { ...input, tests: 'all' });
      return { items: page.items.map(pickConversation), nextCursor: page.nextCursor };
    },
  },
  {
    method: 'POST',
    path: '/conversations/:id/status',
    operationId: 'changeConversationStatus',
    summary: 'Change a conversation\'s status: back to the bot, waiting for a person ("transferido"), resolved, or snoozed (until a time or the next message)',
    tag: 'Conversations',
    scope: 'conversations:write',
    params: z.object({ id: uuid('the conversation id') }),
    body: z.object({
      status: z.enum(['bot', 'transferido', 'resolved', 'snoozed']),
      snoozedUntil: z.iso.datetime({ offset: true }).optional().describe('only with snoozed: when it comes back'),
    }),
    response: conversationSchema,
    status: 200,
    handler: async ({ app, identity, params, body }) => {
      const input = body as { status: 'bot' | 'transferido' | 'resolved' | 'snoozed'; snoozedUntil?: string };
      if (input.snoozedUntil && input.status !== 'snoozed') throw new ApiError(400, 'invalid_request', 'snoozedUntil goes only with the status snoozed');
      const view = await changeConversationStatus(app, {
        clientId: identity.clientId,
        conversationId: params.id!,
        status: input.status,
        ...(input.status === 'snoozed' ? { snoozedUntil: input.snoozedUntil ? new Date(input.snoozedUntil) : null } : {}),
      });
      return pickConversation(view);
    },
  },
  {
    method: 'POST',
    path: '/conversations/:id/assign',
    operationId: 'assignConversation',
    summary: 'Give a conversation to a member (it becomes "humano" with them), or to nobody (userId null: waiting for a person)',
    tag: 'Conversations',
    scope: 'conversations:write',
    params: z.object({ id: uuid('the conversation id') }),
    body: z.object({ userId: uuid('userId').nullable() }),
    response: conversationSchema,
    status: 200,
    handler: async ({ app, identity, params, body }) => {
      const { userId } = body as { userId: string | null };
      const view = await changeConversationStatus(app, {
        clientId: identity.clientId,
        conversationId: params.id!,
        status: userId ? 'humano' : 'transferido',
        assignedTo: userId,
      });
      return pickConversation(view);
    },
  },
  {
    method: 'POST',
    path: '/conversations/:id/team',
    operationId: 'sendConversationToTeam',
    summary:
      "Hand a conversation to a team: it waits in the team's queue and goes to a free online member by the team's assignment rule (round robin or least busy)",
    tag: 'Conversations',
    scope: 'conversations:write',
    params: z.object({ id: uuid('the conversation id') }),
    body: z.object({ teamId: uuid('teamId') }),
    response: conversationSchema,
    status: 200,
    handler: async ({ app, identity, params, body }) => {
      const { teamId } = body as { teamId: string };
      return pickConversation(await sendToTeam(app, identity.clientId, params.id!, teamId, null));
    },
  },
];

function pickConversation(view: z.infer<typeof conversationSchema> & Record<string, unknown>) {
  return conversationSchema.parse(view);
}
