// The client's fallback message (bot configuration `ai.failure_message`): what the AI reply sends
// when it cannot answer, including when no provider is connected (see botReply). Set beside the
// provider connections, since that is where someone without a provider looks.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import type { AppContext } from '#server/app/appContext.js';

export const FALLBACK_MESSAGE_KEY = 'ai.failure_message';

export const fallbackMessageInput = z.object({
  clientId: z.string().uuid().optional(),
  /** Null (or only spaces) removes it. */
  message: safeText().trim().max(1000, 'the fallback message is too long (1000 characters at most)').nullable(),
});

export async function readFallbackMessage(app: AppContext, clientId: string): Promise<string | null> {
  const { botConfigurations } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ value: botConfigurations.configValue, isActive: botConfigurations.isActive })
      .from(botConfigurations)
      .where(and(eq(botConfigurations.clientId, clientId), eq(botConfigurations.configKey, FALLBACK_MESSAGE_KEY))),
  );
  return row?.isActive && typeof row.value === 'string' && row.value.trim() ? row.value : null;
}

export async function setFallbackMessage(app: AppContext, clientId: string, message: string | null): Promise<{ message: string | null }> {
  const { botConfigurations } = app.db.t;
  const text = message?.trim() || null;
  await app.db.tenant(clientId, async (tx) => {
    if (text === null) {
      await tx.delete(botConfigurations).where(and(eq(botConfigurations.clientId, clientId), eq(botConfigurations.configKey, FALLBACK_MESSAGE_KEY)));
      return;
    }
    const values = {
      clientId,
      configKey: FALLBACK_MESSAGE_KEY,
      configValue: text,
      category: 'ai',
      description: 'Sent when the AI reply cannot answer',
      isActive: true,
    };
    await tx
      .insert(botConfigurations)
      .values(values)
      .onConflictDoUpdate({ target: [botConfigurations.clientId, botConfigurations.configKey], set: { configValue: text, isActive: true } });
  });
  return { message: text };
}
