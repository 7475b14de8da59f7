// Tenant isolation cases for voice.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a, server } = world;
    const { conversations, messages } = server.app.db.t;
    const phone = '5511912340000';
    const message = await server.app.db.tenant(a.clientId, async (tx) => {
      const [conversation] = await tx
        .insert(conversations)
        .values({ clientId: a.clientId, phone, name: `Voice customer of ${a.slug}` })
        .returning();
      const [row] = await tx
        .insert(messages)
        .values({
          clientId: a.clientId,
          conversationId: conversation!.id,
          phone,
          type: 'audio',
          direction: 'incoming',
          status: 'received',
          transcription: `secret words of ${a.slug}`,
          metadata: { voice: true },
        })
        .returning();
      return row!;
    });
    world.remember(a, 'voice.messageId', message.id);
    world.remember(a, 'voice.transcription', `secret words of ${a.slug}`);
    await a.members.admin.caller.voice.updateSettings({ ttsEnabled: true, ttsVoice: 'shimmer' });
  },
  cases: {
    'voice.settings': { why: "reads the caller's client's settings", probes: () => [{ expect: 'allowed' }, { as: 'viewer', expect: 'allowed' }] },
    'voice.updateSettings': {
      why: "writes the caller's client's settings row only",
      probes: () => [
        { input: { ttsVoice: 'echo' }, as: 'admin', expect: 'allowed' },
        { input: { ttsVoice: 'echo' }, as: 'agent', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'voice.preview': {
      why: "speech is generated and cached under the caller's client (viewers may not spend on it)",
      probes: () => [{ input: { text: 'olá' }, as: 'viewer', expect: 'denied', code: 'FORBIDDEN' }],
    },
    'voice.retryTranscription': {
      why: "another client's message is not found and is not transcribed again",
      probes: ({ a }) => [{ input: { messageId: a.data['voice.messageId'] }, as: 'agent', expect: 'denied', code: 'NOT_FOUND' }],
    },
  },
};
