// Saves one provider connection (kind, key, base URL for an OpenAI-compatible server, default
// model) and, unless asked otherwise, makes it the one the AI reply and flows' AI blocks use.
// Keys go to the vault; leaving the key out keeps the stored one (changing only the model).
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AI_PROVIDER_KINDS } from '#shared/domain/aiProviders.js';
import { safeText } from '#shared/domain/safeText.js';
import type { AppContext } from '#server/app/appContext.js';
import { outboundUrlProblem } from '#server/net/outboundUrlProblem.js';
import { connectionColumns, connectionUpdate, readClientRowForUpdate, VAULT_NAMES } from './providerConnections.js';

export const providerKind = z.enum(AI_PROVIDER_KINDS, { message: `the provider must be one of: ${AI_PROVIDER_KINDS.join(', ')}` });
export const providerApiKey = safeText().trim().min(8, 'that key is too short (8 characters at least)').max(500, 'that key is too long');
export const providerBaseUrl = safeText()
  .trim()
  .max(500)
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value), 'the base URL must start with http:// or https://');

export const saveConnectionInput = z.object({
  clientId: z.string().uuid().optional(),
  kind: providerKind,
  apiKey: providerApiKey.optional(),
  baseUrl: providerBaseUrl.optional(),
  model: safeText().trim().min(1, 'choose a model (test the connection to list them)').max(200),
  makePrimary: z.boolean().default(true),
});

export async function saveProviderConnection(app: AppContext, clientId: string, input: z.infer<typeof saveConnectionInput>): Promise<{ ok: true }> {
  const baseUrl = input.kind === 'openai_compatible' ? (input.baseUrl?.replace(/\/+$/, '') ?? null) : null;
  if (input.kind !== 'openai_compatible' && input.baseUrl) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `${input.kind} has a fixed address: a base URL is only for an OpenAI-compatible server` });
  }
  if (baseUrl) {
    // Checked before storing, so the form says why now instead of the bot failing later.
    const problem = await outboundUrlProblem(baseUrl, app.config.allowPrivateNetwork);
    if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: privateUrlMessage(problem) });
  }
  const { clients } = app.db.t;
  await app.db.tenant(clientId, async (tx) => {
    const client = await readClientRowForUpdate(app, tx, clientId);
    if (!client) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such client' });
    const current = connectionColumns(client, input.kind);
    if (input.kind === 'openai_compatible' && !baseUrl && !current.baseUrl) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'give the base URL of the OpenAI-compatible server (for Ollama: http://127.0.0.1:11434/v1)' });
    }
    if (input.kind !== 'openai_compatible' && !input.apiKey && !current.keyId) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: `paste the ${input.kind} API key` });
    }
    const keyId = input.apiKey ? await app.vault.upsert(tx, current.keyId, { clientId, name: VAULT_NAMES[input.kind], value: input.apiKey }) : current.keyId;
    await tx
      .update(clients)
      .set({
        ...connectionUpdate(input.kind, { keyId, model: input.model, baseUrl: baseUrl ?? current.baseUrl }),
        ...(input.makePrimary ? { primaryModelProvider: input.kind } : {}),
      })
      .where(eq(clients.id, clientId));
  });
  return { ok: true };
}

export function privateUrlMessage(problem: string): string {
  return /private|loopback|reserved/.test(problem)
    ? `${problem}. A model server on this machine or your network (Ollama, vLLM) needs the server started with ALLOW_PRIVATE_NETWORK=1.`
    : problem;
}
