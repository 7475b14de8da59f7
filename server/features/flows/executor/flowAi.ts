// The AI block's call: the prompt (variables filled in) goes through the gateway (budget, cache,
// fallbacks, usage log under caller "flow"), with the client's knowledge base as context when the
// block asks for it. A refusal or failure (budget exhausted, provider down) is the block's
// `failure` handle, never a crashed step. Database trouble is neither: it is thrown, so the inbox
// event is retried and the step runs again (the model may then be asked once more).
// In a conversation, the block offers the AI tools the client turned on (bot settings ai.tools and
// its active HTTP tools, aiTools), up to ai.max_tool_steps model calls.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { ChatCompletionMessageParam } from 'openai/resources';
import { BOT_CONFIG_KEYS, BUILTIN_AI_TOOLS, DEFAULT_MAX_TOOL_STEPS, type BuiltinAiTool } from '#shared/bot/botConfiguration.js';
import type { AppContext } from '#server/app/appContext.js';
import { agentTools, runAgentTurn } from '#server/features/aiTools/index.js';
import { isDatabaseError } from '#server/db/errors.js';
import { getGateway } from '#server/features/gateway/index.js';
import { knowledgeContext, retrieveKnowledge } from '#server/features/knowledgeBase/index.js';
import type { AiBlockRequest, AiBlockResult } from '../engine/flowPorts.js';

export type FlowAi = (request: AiBlockRequest & { clientId: string }) => Promise<AiBlockResult>;

const SYSTEM_PROMPT = 'Você responde clientes desta empresa pelo WhatsApp: respostas curtas, claras e cordiais, no idioma do cliente.';

export function flowAi(app: AppContext): FlowAi {
  return async (request) => {
    try {
      let system = SYSTEM_PROMPT;
      if (request.useKnowledgeBase) {
        const retrieval = await retrieveKnowledge(app, {
          clientId: request.clientId,
          question: request.prompt,
          conversationId: request.conversationId,
          caller: 'flow',
        });
        const context = knowledgeContext(retrieval.chunks);
        if (context) system = `${system}\n\n${context}`;
      }
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: system },
        { role: 'user', content: request.prompt },
      ];
      const agent = request.conversationId ? await agentSetup(app, request.clientId, request.conversationId) : null;
      if (agent && agent.tools.length > 0) {
        // The tools the client turned on for its AI (no hand-off or other flow: the flow leads), through the same loop as the bot's reply.
        const turn = await runAgentTurn(app, {
          clientId: request.clientId,
          conversationId: request.conversationId!,
          phone: agent.phone,
          caller: 'flow',
          turnId: randomUUID(),
          messages,
          tools: agent.tools,
          maxSteps: agent.maxSteps,
        });
        const text = turn.text ?? '';
        return text.trim() === '' ? { ok: false, error: 'the model gave an empty answer' } : { ok: true, text };
      }
      const result = await getGateway(app).chat({
        clientId: request.clientId,
        conversationId: request.conversationId,
        caller: 'flow',
        params: { messages },
      });
      const text = result.completion.choices[0]?.message.content ?? '';
      return text.trim() === '' ? { ok: false, error: 'the model gave an empty answer' } : { ok: true, text };
    } catch (error) {
      if (isDatabaseError(error)) throw error;
      return { ok: false, error: (error as Error).message };
    }
  };
}

/** The conversation's phone and the tools the client's AI may use here (none: a plain call). */
async function agentSetup(app: AppContext, clientId: string, conversationId: string) {
  const { conversations, botConfigurations } = app.db.t;
  const loaded = await app.db.tenant(clientId, async (tx) => {
    const [conversation] = await tx
      .select({ phone: conversations.phone })
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId)));
    const rows = await tx
      .select({ key: botConfigurations.configKey, value: botConfigurations.configValue })
      .from(botConfigurations)
      .where(
        and(
          eq(botConfigurations.clientId, clientId),
          eq(botConfigurations.isActive, true),
          inArray(botConfigurations.configKey, [BOT_CONFIG_KEYS.tools, BOT_CONFIG_KEYS.maxToolSteps]),
        ),
      );
    return conversation ? { phone: conversation.phone, rows } : null;
  });
  if (!loaded) return null;
  const value = (key: string) => loaded.rows.find((row) => row.key === key)?.value;
  const enabled = value(BOT_CONFIG_KEYS.tools);
  const builtins = Array.isArray(enabled) ? enabled.filter((name): name is BuiltinAiTool => (BUILTIN_AI_TOOLS as readonly unknown[]).includes(name)) : [];
  const steps = Number(value(BOT_CONFIG_KEYS.maxToolSteps));
  const maxSteps = Number.isInteger(steps) && steps >= 1 && steps <= 10 ? steps : DEFAULT_MAX_TOOL_STEPS;
  return { phone: loaded.phone, maxSteps, tools: await agentTools(app, clientId, builtins, { forFlow: true }) };
}
