// Tenant isolation cases for whatsapp.* (see server/testing/isolation/isolationCase.ts). Creating
// and syncing call Meta with the caller's own client's credentials only; the probes stop at the
// tenant and role checks, before any network call.
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a, server } = world;
    const { messageTemplates } = server.app.db.t;
    const name = `pedido_${a.slug.replace(/[^a-z0-9]/g, '_')}`;
    const [row] = await server.app.db.tenant(a.clientId, (tx) =>
      tx
        .insert(messageTemplates)
        .values({
          clientId: a.clientId,
          name,
          language: 'pt_BR',
          category: 'UTILITY',
          status: 'APPROVED',
          components: [{ type: 'BODY', text: `secret template body of ${a.slug}` }],
          metaTemplateId: '7700001',
        })
        .returning(),
    );
    world.remember(a, 'whatsapp.templateName', name);
    world.remember(a, 'whatsapp.templateId', row!.id);
    // A message with a stored media file (the row is enough: mediaLink signs, it does not read the file).
    const { conversations, messages } = server.app.db.t;
    const phone = '5511912340077';
    const message = await server.app.db.tenant(a.clientId, async (tx) => {
      const [conversation] = await tx
        .insert(conversations)
        .values({ clientId: a.clientId, phone, name: `Media customer of ${a.slug}` })
        .returning();
      world.remember(a, 'whatsapp.conversationId', conversation!.id);
      const [inserted] = await tx
        .insert(messages)
        .values({
          clientId: a.clientId,
          conversationId: conversation!.id,
          phone,
          type: 'image',
          direction: 'incoming',
          status: 'received',
          metadata: { media: { id: 'media-isolation', file: `${a.clientId}/isolation.jpg`, mimeType: 'image/jpeg' } },
        })
        .returning();
      return inserted!;
    });
    world.remember(a, 'whatsapp.mediaMessageId', message.id);
  },
  cases: {
    'whatsapp.mediaLink': {
      why: "signs links only for media of the caller's own client (another client's message id is not found)",
      probes: ({ a }) => [
        { input: { messageId: a.data['whatsapp.mediaMessageId'] }, expect: 'denied', code: 'NOT_FOUND' },
        { input: { messageId: a.data['whatsapp.mediaMessageId'] }, as: 'viewer', expect: 'denied', code: 'NOT_FOUND' },
        { input: { messageId: a.data['whatsapp.mediaMessageId'] }, as: 'anonymous', expect: 'denied', code: 'UNAUTHORIZED' },
      ],
    },
    'whatsapp.optOut.settings': {
      why: "reads the caller's own client's opt-out keywords",
      probes: () => [
        { input: {}, expect: 'allowed' },
        { input: {}, as: 'viewer', expect: 'allowed' },
      ],
    },
    'whatsapp.optOut.saveSettings': {
      why: "admins change their own client's keywords only (another client id is refused; agents are refused)",
      probes: () => [
        { input: { settings: null }, expect: 'allowed' },
        { input: { settings: null }, as: 'agent', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'whatsapp.optOut.customer': {
      why: "another client's conversation is not found",
      probes: ({ a }) => [
        { input: { conversationId: a.data['whatsapp.conversationId'] }, expect: 'denied', code: 'NOT_FOUND' },
        { input: { conversationId: a.data['whatsapp.conversationId'] }, as: 'viewer', expect: 'denied', code: 'NOT_FOUND' },
      ],
    },
    'whatsapp.optOut.setCustomer': {
      why: "another client's customer cannot be opted out or in (the conversation is not found)",
      probes: ({ a }) => [
        { input: { conversationId: a.data['whatsapp.conversationId'], optedOut: true }, expect: 'denied', code: 'NOT_FOUND' },
        { input: { conversationId: a.data['whatsapp.conversationId'], optedOut: true }, as: 'viewer', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'whatsapp.templates.list': {
      why: "lists only the caller's client's templates",
      probes: () => [
        { input: {}, expect: 'allowed' },
        { input: { status: 'APPROVED' }, as: 'viewer', expect: 'allowed' },
      ],
    },
    'whatsapp.templates.create': {
      why: 'admins create templates for their own client only (another client id is refused before Meta is called)',
      probes: ({ a }) => [
        {
          input: { clientId: a.clientId, name: 'x', language: 'pt_BR', category: 'UTILITY', components: [{ type: 'BODY', text: 'x' }] },
          expect: 'denied',
          code: 'FORBIDDEN',
        },
        {
          input: { name: 'x', language: 'pt_BR', category: 'UTILITY', components: [{ type: 'BODY', text: 'x' }] },
          as: 'agent',
          expect: 'denied',
          code: 'FORBIDDEN',
        },
      ],
    },
    'whatsapp.templates.sync': {
      why: "syncs the caller's own client only (another client id is refused before Meta is called)",
      probes: ({ a }) => [
        { input: { clientId: a.clientId }, expect: 'denied', code: 'FORBIDDEN' },
        { input: {}, as: 'viewer', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
  },
};
