// Voice through its real entry points: signed webhooks with audio (transcription before the
// responders), a responder replying with voice (TTS → media upload → outbox → Graph API), the
// voice.* procedures, and the TTS cache under races — on SQLite and PostgreSQL.
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage, Responder } from '#server/app/responder.js';
import { createServer } from '#server/app/createServer.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { TRANSCRIPTION_FAILED_EVENT } from './transcription/transcribeInboundAudio.js';
import { startVoiceKit, type VoiceKit } from './testing/startVoiceKit.js';
import { sendVoiceReply } from './tts/sendVoiceReply.js';
import { STALE_MS, synthesizeSpeech } from './tts/synthesizeSpeech.js';
import { ttsCacheKey } from './tts/ttsCacheKey.js';

let phoneCounter = 0;
const nextPhone = () => `55119${(Date.now() % 1e6).toString().padStart(6, '0')}${(++phoneCounter).toString().padStart(2, '0')}`;

function recorder(onMessage?: (inbound: InboundMessage) => Promise<void>) {
  const seen: Array<{ text: string | null; type: string; transcription: string | null }> = [];
  const responder: Responder = {
    name: 'voice-test-responder',
    async respond(message) {
      seen.push({ text: message.text, type: message.message.type, transcription: message.message.transcription });
      await onMessage?.(message);
      return true;
    },
  };
  return { seen, responder };
}

describe.each(DATABASE_KINDS)('voice on %s', (kind) => {
  let kit: VoiceKit;
  // The product's responders (flows, AI reply) are replaced by each test's own: these tests are
  // about what reaches a responder and what a voice reply sends, not about the AI's answer.
  const productResponders = [...RESPONDERS];
  beforeAll(async () => {
    kit = await startVoiceKit(kind);
    RESPONDERS.splice(0, RESPONDERS.length);
  }, 60_000);
  afterAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...productResponders);
    await kit?.dispose();
  });
  afterEach(() => {
    RESPONDERS.splice(0, RESPONDERS.length);
    kit.fake.reset();
  });

  async function deliverVoice(phoneNumberId: string, from: string, spoken: string | Buffer) {
    const media = kit.graph.addMedia(`voice-${from}-${Date.now()}`, Buffer.isBuffer(spoken) ? spoken : Buffer.from(spoken), 'audio/ogg; codecs=opus');
    await kit.deliver(envelope(phoneNumberId, { contacts: [contact(from)], messages: [inbound.audio(from, media, true)] }));
    await kit.settle();
  }

  async function messagesOf(clientId: string, phone: string) {
    const { messages } = kit.server.app.db.t;
    return kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, clientId), eq(messages.phone, phone))),
    );
  }

  it('transcribes an incoming voice note before the responders read it', async () => {
    const client = await kit.newClient();
    const rec = recorder();
    RESPONDERS.push(rec.responder);
    const from = nextPhone();
    await deliverVoice(client.phoneNumberId, from, 'Qual o horário de funcionamento no domingo?');
    const [message] = await messagesOf(client.id, from);
    expect(message).toMatchObject({ type: 'audio', transcription: 'Qual o horário de funcionamento no domingo?', audioDurationSeconds: 1 });
    expect(message!.metadata.transcribedBy).toMatchObject({ model: 'openai/whisper-1' });
    expect(rec.seen).toEqual([
      { type: 'audio', text: 'Qual o horário de funcionamento no domingo?', transcription: 'Qual o horário de funcionamento no domingo?' },
    ]);
    const { gatewayUsageLogs } = kit.server.app.db.t;
    const logs = await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(gatewayUsageLogs)
        .where(and(eq(gatewayUsageLogs.clientId, client.id), eq(gatewayUsageLogs.apiType, 'transcription'))),
    );
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ modelName: 'whisper-1', conversationId: message!.conversationId });
    expect(Number(logs[0]!.costUsd)).toBeGreaterThan(0);
  });

  it('a failed transcription leaves the message intact, marked, announced to agents, and can be retried', async () => {
    const client = await kit.newClient();
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const rec = recorder();
    RESPONDERS.push(rec.responder);
    const events: Array<{ type: string; payload: unknown }> = [];
    const unsubscribe = kit.server.app.events.subscribe(client.id, (event) => events.push(event));
    kit.fake.setDefault('whisper-1', { kind: 'error', status: 400, message: 'Invalid file format.' });
    const from = nextPhone();
    await deliverVoice(client.phoneNumberId, from, 'Quero encomendar um bolo');
    unsubscribe();
    const [message] = await messagesOf(client.id, from);
    expect(message).toMatchObject({ type: 'audio', transcription: null, status: 'received', mediaUrl: `/media/${message!.id}` });
    expect(message!.metadata.transcriptionError).toMatchObject({ message: expect.stringMatching(/Invalid file format/), model: 'openai/whisper-1' });
    expect(events.filter((event) => event.type === TRANSCRIPTION_FAILED_EVENT)).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ messageId: message!.id, reason: expect.stringMatching(/Invalid file format/) }) }),
    ]);
    expect(rec.seen).toEqual([{ type: 'audio', text: null, transcription: null }]);

    kit.fake.reset();
    const retried = await agent.caller.voice.retryTranscription({ messageId: message!.id });
    expect(retried).toEqual({ transcription: 'Quero encomendar um bolo', audioDurationSeconds: 1, error: null });
    const [after] = await messagesOf(client.id, from);
    expect(after!.metadata.transcriptionError).toBeUndefined();

    const other = await kit.newClient();
    const stranger = await kit.server.signIn({ clientId: other.id, role: 'agent' });
    await expect(stranger.caller.voice.retryTranscription({ messageId: message!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('does not transcribe when the client turned transcription off', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    await admin.caller.voice.updateSettings({ transcriptionEnabled: false });
    const from = nextPhone();
    await deliverVoice(client.phoneNumberId, from, 'oi');
    const [message] = await messagesOf(client.id, from);
    expect(message).toMatchObject({ transcription: null });
    expect(message!.metadata.transcriptionError).toBeUndefined();
    expect(kit.fake.requests.filter((request) => request.path === '/audio/transcriptions')).toEqual([]);
  });

  it('answers a voice note with a voice note: speech, cache, upload to Meta, outbox, usage log', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    await admin.caller.voice.updateSettings({ ttsEnabled: true, ttsReplyWhen: 'audio', ttsVoice: 'nova' });
    const replies: Array<Awaited<ReturnType<typeof sendVoiceReply>>> = [];
    RESPONDERS.push(
      recorder(async (message) => {
        replies.push(
          await sendVoiceReply(message.app, {
            clientId: message.clientId,
            conversationId: message.conversation.id,
            text: 'Abrimos aos domingos das 8h às 12h.',
            answering: message.message.type,
          }),
        );
      }).responder,
    );
    const from = nextPhone();
    await deliverVoice(client.phoneNumberId, from, 'Vocês abrem domingo?');
    await deliverVoice(client.phoneNumberId, from, 'Abrem domingo mesmo?');
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(from)], messages: [inbound.text(from, 'e hoje?')] }));
    await kit.settle();

    expect(replies.map((reply) => reply && { fromCache: reply.fromCache })).toEqual([{ fromCache: false }, { fromCache: true }, null]);
    expect(kit.fake.requests.filter((request) => request.path === '/audio/speech')).toHaveLength(1);
    expect(kit.uploads.uploads.slice(-2).map((upload) => ({ type: upload.type, start: upload.bytes.subarray(0, 4).toString() }))).toEqual([
      { type: 'audio/ogg', start: 'OggS' },
      { type: 'audio/ogg', start: 'OggS' },
    ]);
    expect(JSON.parse(kit.uploads.uploads.at(-1)!.bytes.subarray(4).toString())).toEqual({ voice: 'nova', input: 'Abrimos aos domingos das 8h às 12h.' });
    const sent = kit.graph.sent.filter((message) => message.to === from);
    expect(sent.map((message) => message.body.type)).toEqual(['audio', 'audio']);
    expect(sent[0]!.body.audio).toEqual({ id: kit.uploads.uploads.at(-2)!.id, voice: true });

    const outgoing = (await messagesOf(client.id, from)).filter((message) => message.direction === 'outgoing');
    expect(outgoing.map((message) => [message.type, message.status, message.transcription])).toEqual([
      ['audio', 'sent', 'Abrimos aos domingos das 8h às 12h.'],
      ['audio', 'sent', 'Abrimos aos domingos das 8h às 12h.'],
    ]);
    const { ttsUsageLogs, ttsCache } = kit.server.app.db.t;
    const logs = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(ttsUsageLogs).where(eq(ttsUsageLogs.clientId, client.id)));
    expect(logs.map((log) => ({ provider: log.provider, model: log.model, voice: log.voice, characters: log.characters, fromCache: log.fromCache }))).toEqual(
      [false, true].map((fromCache) => ({ provider: 'openai', model: 'tts-1', voice: 'nova', characters: 35, fromCache })),
    );
    expect(logs.map((log) => log.messageId).sort()).toEqual(outgoing.map((message) => message.id).sort());
    expect(Number(logs.find((log) => !log.fromCache)!.costUsd)).toBeGreaterThan(0);
    expect(logs.find((log) => log.fromCache)!.costUsd).toMatch(/^0(\.0+)?$/);
    expect(logs.every((log) => (log.durationSeconds ?? 0) >= 1)).toBe(true);
    const cache = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(ttsCache).where(eq(ttsCache.clientId, client.id)));
    expect(cache).toEqual([
      expect.objectContaining({
        hitCount: 1,
        voice: 'nova',
        provider: 'openai',
        model: 'tts-1',
        audioFormat: 'ogg',
        audioUrl: expect.stringMatching(/\.ogg$/),
      }),
    ]);
  });

  it('end to end: a voice note is transcribed, the AI answers it, and the answer goes back as a voice note', async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...productResponders);
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    await admin.caller.voice.updateSettings({ ttsEnabled: true });
    const from = nextPhone();
    await deliverVoice(client.phoneNumberId, from, 'Vocês entregam no sábado?');
    const sent = kit.graph.sent.filter((message) => message.to === from);
    expect(sent.map((message) => message.body.type)).toEqual(['audio']);
    const upload = kit.uploads.uploads.find((item) => item.id === (sent[0]!.body.audio as { id: string }).id)!;
    expect(JSON.parse(upload.bytes.subarray(4).toString())).toEqual({ voice: 'alloy', input: 'Resposta de gpt-4o-mini: Vocês entregam no sábado?' });
    const outgoing = (await messagesOf(client.id, from)).find((message) => message.direction === 'outgoing');
    expect(outgoing).toMatchObject({ type: 'audio', transcription: 'Resposta de gpt-4o-mini: Vocês entregam no sábado?' });
  });

  it('sends text instead when the voice path fails (upload refused), and when TTS is off', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const from = nextPhone();
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(from)], messages: [inbound.text(from, 'oi')] }));
    await kit.settle();
    const [conversationMessage] = await messagesOf(client.id, from);
    const input = { clientId: client.id, conversationId: conversationMessage!.conversationId, text: 'Olá!', answering: 'audio' as const };
    expect(await sendVoiceReply(kit.server.app, input)).toBeNull();
    await admin.caller.voice.updateSettings({ ttsEnabled: true, ttsReplyWhen: 'always' });
    kit.uploads.failNextUpload();
    expect(await sendVoiceReply(kit.server.app, input)).toBeNull();
    expect(await sendVoiceReply(kit.server.app, { ...input, answering: 'text' })).toMatchObject({ fromCache: true });
  });

  it('generates identical speech once when requests race, within a server and across two servers', async () => {
    const client = await kit.newClient();
    kit.fake.setDefault('tts-1', { kind: 'ok', latencyMs: 300 });
    // A second server instance on the same database and data folder. SQLite is one local server
    // (and two connections in one process would block each other's event loop): there the racers
    // all go through one server.
    const second = kind === 'pg' ? await createServer({ ...kit.server.config, port: 0 }) : null;
    await second?.start();
    const other = second?.app ?? kit.server.app;
    try {
      const request = { clientId: client.id, text: 'Seu pedido saiu para entrega.', voice: 'alloy', model: 'openai/tts-1' };
      const results = await Promise.all([
        ...Array.from({ length: 4 }, () => synthesizeSpeech(kit.server.app, request)),
        ...Array.from({ length: 4 }, () => synthesizeSpeech(other, request)),
      ]);
      expect(kit.fake.requests.filter((r) => r.path === '/audio/speech')).toHaveLength(1);
      expect(results.filter((result) => !result.fromCache)).toHaveLength(1);
      expect(new Set(results.map((result) => result.audio.toString('base64'))).size).toBe(1);
      const { ttsCache, ttsUsageLogs } = kit.server.app.db.t;
      const rows = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(ttsCache).where(eq(ttsCache.clientId, client.id)));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.hitCount).toBe(7);
      const logs = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(ttsUsageLogs).where(eq(ttsUsageLogs.clientId, client.id)));
      expect(logs.filter((log) => log.fromCache)).toHaveLength(7);
    } finally {
      await second?.stop();
    }
  });

  it('retries after a failed generation, and takes over a generation abandoned by a dead process', async () => {
    const client = await kit.newClient();
    const request = { clientId: client.id, text: 'Obrigado pela preferência!', voice: 'alloy', model: 'openai/tts-1' };
    kit.fake.script('tts-1', [{ kind: 'error', status: 400, message: 'voice not available' }]);
    await expect(synthesizeSpeech(kit.server.app, request)).rejects.toThrow(/voice not available/);
    expect((await synthesizeSpeech(kit.server.app, request)).fromCache).toBe(false);

    // A pending row whose generator died long ago.
    const { ttsCache } = kit.server.app.db.t;
    const text = 'Volte sempre!';
    const textHash = ttsCacheKey({ text, voice: 'alloy', provider: 'openai', model: 'tts-1' });
    await kit.server.app.db.tenant(client.id, (tx) =>
      tx.insert(ttsCache).values({
        clientId: client.id,
        textHash,
        text,
        voice: 'alloy',
        provider: 'openai',
        model: 'tts-1',
        audioUrl: '',
      }),
    );
    await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .update(ttsCache)
        .set({ updatedAt: new Date(Date.now() - STALE_MS - 60_000) })
        .where(and(eq(ttsCache.clientId, client.id), eq(ttsCache.textHash, textHash))),
    );
    const taken = await synthesizeSpeech(kit.server.app, { ...request, text });
    expect(taken.fromCache).toBe(false);
    expect(JSON.parse(taken.audio.subarray(4).toString())).toEqual({ voice: 'alloy', input: text });
  });

  it('voice.preview speaks through the cache; settings are validated and for administrators', async () => {
    const client = await kit.newClient();
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const first = await agent.caller.voice.preview({ text: 'Teste de voz' });
    expect(Buffer.from(first.audioBase64, 'base64').subarray(0, 4).toString()).toBe('OggS');
    expect(first.fromCache).toBe(false);
    expect((await agent.caller.voice.preview({ text: '  Teste   de voz ' })).fromCache).toBe(true);
    await expect(agent.caller.voice.updateSettings({ ttsEnabled: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.caller.voice.updateSettings({ transcriptionLanguage: 'portuguese' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    kit.fake.setDefault('tts-1', { kind: 'error', status: 400, message: 'bad voice' });
    await expect(agent.caller.voice.preview({ text: 'outra frase', voice: 'nonexistent' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
