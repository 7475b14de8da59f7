// The AI block's call: the prompt (variables filled in) goes through the gateway (budget, cache,
// fallbacks, usage log under caller "flow"), with the client's knowledge base as context when the
// block asks for it. A refusal or failure (budget exhausted, provider down) is the block's
// `failure` handle, never a crashed step. Database trouble is neither: it is thrown, so the inbox
// event is retried and the step runs again (the model may then be asked once more).
import type { AppContext } from '#server/app/appContext.js';
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
      const result = await getGateway(app).chat({
        clientId: request.clientId,
        conversationId: request.conversationId,
        caller: 'flow',
        params: {
          messages: [
            { role: 'system', content: system },
            { role: 'user', content: request.prompt },
          ],
        },
      });
      const text = result.completion.choices[0]?.message.content ?? '';
      return text.trim() === '' ? { ok: false, error: 'the model gave an empty answer' } : { ok: true, text };
    } catch (error) {
      if (isDatabaseError(error)) throw error;
      return { ok: false, error: (error as Error).message };
    }
  };
}
