// Customer satisfaction (CSAT). When the client has it on and a person resolves a conversation the
// customer gets a list of 1–5; the choice is stored per conversation, agent and team, then (when
// asked for) the next text within COMMENT_WINDOW_MS is the comment. The customer's answers reopen
// the conversation like any message would; the csat responder takes them first and puts the
// conversation back to resolved, so a rating never wakes the bot or a person.
import { and, desc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '#server/app/appContext.js';
import type { InboundMessage, Responder } from '#server/app/responder.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { moveConversationFrom, type ResolvedListener } from '../conversations/index.js';
import { announceOutbound, insertOutbound, markAnswered, WindowClosedError } from '../whatsapp/index.js';

export const CSAT_SETTINGS_KEY = 'csat.settings';
/** A rating is taken this long after the survey was sent. */
export const RATING_WINDOW_MS = 24 * 60 * 60_000;
/** A comment is taken this long after the rating. */
export const COMMENT_WINDOW_MS = 60 * 60_000;
export const CSAT_CHOICE_PREFIX = 'csat:';

export const csatSettingsSchema = z.object({
  enabled: z.boolean(),
  question: z.string().min(1).max(1024),
  askComment: z.boolean(),
  commentPrompt: z.string().min(1).max(1024),
  thanks: z.string().min(1).max(1024),
});
export type CsatSettings = z.infer<typeof csatSettingsSchema>;

export const DEFAULT_CSAT_SETTINGS: CsatSettings = {
  enabled: false,
  question: 'Como você avalia o nosso atendimento?',
  askComment: true,
  commentPrompt: 'Obrigado! Se quiser, escreva um comentário sobre o atendimento.',
  thanks: 'Obrigado pela sua avaliação!',
};

const LABELS = ['1 - Muito ruim', '2 - Ruim', '3 - Regular', '4 - Bom', '5 - Excelente'];

export async function readCsatSettings(app: AppContext, tx: Tx, clientId: string): Promise<CsatSettings> {
  const { botConfigurations } = app.db.t;
  const [row] = await tx
    .select({ value: botConfigurations.configValue })
    .from(botConfigurations)
    .where(and(eq(botConfigurations.clientId, clientId), eq(botConfigurations.configKey, CSAT_SETTINGS_KEY)));
  const stored = csatSettingsSchema.partial().safeParse(row?.value ?? {});
  return { ...DEFAULT_CSAT_SETTINGS, ...(stored.success ? stored.data : {}) };
}

export async function updateCsatSettings(app: AppContext, clientId: string, changes: Partial<CsatSettings>): Promise<CsatSettings> {
  const { botConfigurations } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const next = { ...(await readCsatSettings(app, tx, clientId)), ...given };
    const value = next as unknown as JsonObject;
    await tx
      .insert(botConfigurations)
      .values({
        clientId,
        configKey: CSAT_SETTINGS_KEY,
        configValue: value,
        category: 'teams',
        description: 'Satisfaction survey after a resolved conversation',
      })
      .onConflictDoUpdate({ target: [botConfigurations.clientId, botConfigurations.configKey], set: { configValue: value, isActive: true } });
    return next;
  });
}

/** The resolving transaction: a person had the conversation and the client asks for ratings → the survey is queued. */
export const askForCsat: ResolvedListener = async (app, tx, { row, before }) => {
  if (!before.assignedTo || before.status === 'resolved') return;
  const settings = await readCsatSettings(app, tx, row.clientId);
  if (!settings.enabled) return;
  let queued;
  try {
    queued = await insertOutbound(app, tx, {
      clientId: row.clientId,
      conversationId: row.id,
      content: {
        kind: 'list',
        body: settings.question,
        buttonText: 'Avaliar',
        sections: [{ rows: LABELS.map((title, index) => ({ id: `${CSAT_CHOICE_PREFIX}${index + 1}`, title })) }],
      },
    });
  } catch (error) {
    // The 24-hour window closed: no survey (only a template could be sent), the resolve stands.
    if (error instanceof WindowClosedError) return;
    throw error;
  }
  const { csatResponses } = app.db.t;
  await tx.insert(csatResponses).values({
    clientId: row.clientId,
    conversationId: row.id,
    phoneNumberId: row.phoneNumberId,
    teamId: before.teamId,
    agentId: before.assignedTo,
    askedAt: queued.message.timestamp,
  });
  announceOutbound(app, queued);
};

type CsatRow = Tables['csatResponses']['$inferSelect'];

/** The rating a message gives: the list row chosen, or a lone digit 1–5 typed. */
function ratingOf(inbound: InboundMessage): number | null {
  if (inbound.choiceId?.startsWith(CSAT_CHOICE_PREFIX)) {
    const value = Number(inbound.choiceId.slice(CSAT_CHOICE_PREFIX.length));
    return Number.isInteger(value) && value >= 1 && value <= 5 ? value : null;
  }
  const text = inbound.text?.trim() ?? '';
  return /^[1-5]$/.test(text) ? Number(text) : null;
}

/** The conversation's survey still taking a rating at `now`, if any. */
async function latestSurvey({ app, clientId, conversation }: InboundMessage, tx: Tx, now: Date): Promise<CsatRow | undefined> {
  const { csatResponses } = app.db.t;
  const [survey] = await tx
    .select()
    .from(csatResponses)
    .where(
      and(
        eq(csatResponses.clientId, clientId),
        eq(csatResponses.conversationId, conversation.id),
        gt(csatResponses.askedAt, new Date(now.getTime() - RATING_WINDOW_MS)),
      ),
    )
    .orderBy(desc(csatResponses.askedAt))
    .limit(1);
  return survey;
}

/** First of the responders: takes a rating or a comment for a survey in progress, else passes. */
export const csatResponder: Responder = {
  name: 'csat',
  wants: async (inbound, tx) => (await latestSurvey(inbound, tx, new Date())) !== undefined,
  async respond(inbound) {
    const { app, clientId, message } = inbound;
    const now = new Date();
    const handled = await app.db.tenant(clientId, async (tx) => {
      const survey = await latestSurvey(inbound, tx, now);
      if (!survey) return false;
      const settings = await readCsatSettings(app, tx, clientId);
      const rating = survey.rating === null ? ratingOf(inbound) : null;
      if (rating !== null) return answer(app, tx, inbound, survey, { rating, ratedAt: now }, settings.askComment ? settings.commentPrompt : settings.thanks);
      const commentable =
        settings.askComment &&
        survey.rating !== null &&
        survey.comment === null &&
        survey.ratedAt &&
        now.getTime() - survey.ratedAt.getTime() < COMMENT_WINDOW_MS;
      const text = inbound.text?.trim();
      if (commentable && text && message.type === 'text')
        return answer(app, tx, inbound, survey, { comment: text.slice(0, 2000), commentedAt: now }, settings.thanks);
      return false;
    });
    return handled;
  },
};

async function answer(
  app: AppContext,
  tx: Tx,
  inbound: InboundMessage,
  survey: CsatRow,
  changes: Partial<Pick<CsatRow, 'rating' | 'ratedAt' | 'comment' | 'commentedAt'>>,
  reply: string,
): Promise<boolean> {
  const { csatResponses } = app.db.t;
  const { clientId, conversation, message } = inbound;
  // Guarded: of two deliveries of one answer only the first is stored.
  const guard = changes.rating !== undefined ? isNull(csatResponses.rating) : and(isNotNull(csatResponses.rating), isNull(csatResponses.comment));
  const [updated] = await tx
    .update(csatResponses)
    .set(changes)
    .where(and(eq(csatResponses.id, survey.id), eq(csatResponses.clientId, clientId), guard))
    .returning({ id: csatResponses.id });
  if (!updated) return false;
  const queued = await insertOutbound(app, tx, {
    clientId,
    conversationId: conversation.id,
    content: { kind: 'text', text: reply },
    answering: { messageId: message.id, step: 'csat' },
  });
  await markAnswered(app, tx, clientId, message.id);
  // The answer reopened it with the bot: back to resolved (the episode is not counted twice: it was resolved from the bot).
  await moveConversationFrom(app, tx, { clientId, conversationId: conversation.id }, ['bot'], 'resolved', { recordEpisode: false });
  announceOutbound(app, queued);
  return true;
}
