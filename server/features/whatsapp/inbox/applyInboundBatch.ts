// Stores several inbound messages (heads of different conversations, claimed together) in one
// transaction: the same statements as one by one, without a transaction per message. Any problem
// (a message already stored, a malformed one) rolls the batch back and the processor handles each
// event on its own, with its own error handling.
import type { AppContext } from '../../../app/appContext.js';
import type { JsonObject } from '../../../db/json-types.js';
import { applyInboundMessage, type AppliedInbound } from './applyInboundMessage.js';

export async function applyInboundBatch(app: AppContext, clientId: string, payloads: JsonObject[]): Promise<AppliedInbound[] | null> {
  try {
    return await app.db.tenant(clientId, async () => {
      const applied: AppliedInbound[] = [];
      for (const payload of payloads) applied.push(await applyInboundMessage(app, clientId, payload, { inBatch: true }));
      return applied;
    });
  } catch {
    return null;
  }
}
