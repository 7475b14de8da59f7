// Campaigns through the real path on both databases: tRPC callers, the job runner, the outbox, the
// fake Graph API, status and message webhooks back in.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { end, flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { onDomainEvent, type DomainEvent } from '#server/app/domainEvents.js';

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the campaign');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(DATABASE_KINDS)('campaigns on %s', (kind) => {
  let kit: WhatsAppKit;
  // What the event webhooks receive (their delivery is eventWebhooks.test.ts's subject).
  const finished: DomainEvent[] = [];
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
    onDomainEvent(kit.server.app, async (_tx, event) => {
      if (event.type === 'campaign.finished') finished.push(event);
    });
  });
  afterAll(() => kit?.dispose());

  async function tenant() {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const { messageTemplates } = kit.server.app.db.t;
    const [template] = await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .insert(messageTemplates)
        .values({
          clientId: client.id,
          name: 'promo_outubro',
          language: 'pt_BR',
          category: 'MARKETING',
          status: 'APPROVED',
          components: [{ type: 'BODY', text: 'Olá {{1}}! Novidades na loja de {{2}}.' }],
        })
        .returning(),
    );
    const [pending] = await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .insert(messageTemplates)
        .values({ clientId: client.id, name: 'ainda_nao', language: 'pt_BR', category: 'UTILITY', status: 'PENDING', components: [] })
        .returning(),
    );
    await admin.caller.contacts.attributes.define({ key: 'cidade', label: 'Cidade', type: 'text' });
    const label = await admin.caller.contacts.labels.create({ name: 'Clientes' });
    return { client, admin, agent, template: template!, pendingTemplate: pending!, label };
  }

  const optOut = async (clientId: string, contactId: string) => {
    const { clientesWhatsapp } = kit.server.app.db.t;
    await kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .update(clientesWhatsapp)
        .set({ status: 'opted_out', optedOutAt: new Date(), optOutSource: 'keyword:SAIR' })
        .where(and(eq(clientesWhatsapp.id, contactId), eq(clientesWhatsapp.clientId, clientId))),
    );
  };

  it('estimates, previews per contact and sends to the audience once, never to an opted-out contact, with classified failures and live progress', async () => {
    const { client, admin, agent, template, pendingTemplate, label } = await tenant();
    const people = [
      ['Ana', '5511960000001', 'Santos'],
      ['Bia', '5511960000002', 'Campinas'],
      ['Caio', '5511960000003', null], // no city: skipped with the reason
      ['Davi', '5511960000004', 'Sorocaba'], // Meta holds the marketing message back (131049)
      ['Eva', '5511960000005', 'Jundiaí'], // opted out before: never a recipient
      ['Fabio', '5511960000006', 'Itu'], // opts out after the campaign is created
    ] as const;
    const ids: Record<string, string> = {};
    for (const [name, phone, city] of people) {
      const saved = await agent.caller.contacts.save({ name, phone, attributes: city ? { cidade: city } : {}, optIn: true });
      await agent.caller.contacts.setLabels({ contactId: saved.contact.id, labelIds: [label.id] });
      ids[name] = saved.contact.id;
    }
    await agent.caller.contacts.save({ name: 'Sem consentimento', phone: '5511960000007', attributes: { cidade: 'Rio' } });
    await optOut(client.id, ids.Eva!);

    const draft = { templateId: template.id, audience: { labelIds: [label.id], optedInOnly: true }, variables: ['name', 'attr:cidade'] };
    expect(await admin.caller.campaigns.estimate(draft)).toEqual({ recipients: 5, category: 'MARKETING', unitPrice: '0.3500', cost: '1.75', currency: 'BRL' });
    await admin.caller.campaigns.saveSettings({ prices: { MARKETING: '0.5' } });
    expect((await admin.caller.campaigns.estimate(draft)).cost).toBe('2.50');
    // Without the opted-in-only restriction the contact without recorded consent joins; the opted-out one never does.
    expect((await admin.caller.campaigns.estimate({ ...draft, audience: { optedInOnly: false } })).recipients).toBe(6);
    const preview = await admin.caller.campaigns.preview({ ...draft, limit: 10 });
    expect(preview.map((row) => [row.name, row.text, row.problem])).toEqual([
      ['Ana', 'Olá Ana! Novidades na loja de Santos.', null],
      ['Bia', 'Olá Bia! Novidades na loja de Campinas.', null],
      ['Caio', null, 'no value for {{2}} (attr:cidade)'],
      ['Davi', 'Olá Davi! Novidades na loja de Sorocaba.', null],
      ['Fabio', 'Olá Fabio! Novidades na loja de Itu.', null],
    ]);
    await expect(admin.caller.campaigns.estimate({ ...draft, variables: ['name'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.caller.campaigns.estimate({ ...draft, templateId: pendingTemplate.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(agent.caller.campaigns.create({ ...draft, name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      admin.caller.campaigns.create({ ...draft, name: 'vazia', audience: { attribute: { key: 'cidade', value: 'Marte' }, optedInOnly: false } }),
    ).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });

    kit.graph.failNext('5511960000004', 131049);
    // Graph's rate limit on Bia's first attempt: the outbox backs off and sends again (not a failure).
    kit.graph.failNext('5511960000002', 130429);
    const campaign = await admin.caller.campaigns.create({ ...draft, name: 'Outubro', scheduledAt: new Date(Date.now() + 60_000).toISOString() });
    expect(campaign).toMatchObject({ status: 'scheduled', recipientCount: 5, estimatedCost: '2.50' });
    await optOut(client.id, ids.Fabio!);
    // Scheduled a minute ahead: nothing yet. Pause and resume start it now.
    await admin.caller.campaigns.pause({ id: campaign.id });
    await expect(admin.caller.campaigns.pause({ id: campaign.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await admin.caller.campaigns.resume({ id: campaign.id });
    // (The job scheduled for the original time stays queued: when it runs it finds the campaign done.)
    await until(async () => (await admin.caller.campaigns.get({ id: campaign.id })).campaign.status === 'done');
    await kit.settle();

    const sentTo = kit.graph.sent.filter((sent) => sent.body.type === 'template').map((sent) => sent.to);
    // Davi's send was refused by Meta (131049): a failed message, not retried.
    expect(sentTo.sort()).toEqual(['5511960000001', '5511960000002']);
    const toAna = kit.graph.sent.find((sent) => sent.to === '5511960000001')!;
    expect(toAna.body.template).toMatchObject({
      name: 'promo_outubro',
      language: { code: 'pt_BR' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Ana' },
            { type: 'text', text: 'Santos' },
          ],
        },
      ],
    });
    // Statuses and a reply come back through the webhook.
    const target = { webhookUrl: kit.webhookUrl, appSecret: 'app-secret-test', phoneNumberId: client.phoneNumberId };
    const sentAna = kit.graph.sent.find((sent) => sent.to === '5511960000001')!;
    const sentBia = kit.graph.sent.find((sent) => sent.to === '5511960000002')!;
    await kit.graph.postStatus(target, { wamid: sentAna.wamid, status: 'read', recipient: sentAna.to });
    await kit.graph.postStatus(target, { wamid: sentBia.wamid, status: 'delivered', recipient: sentBia.to });
    await kit.deliver(
      envelope(client.phoneNumberId, { contacts: [contact('5511960000001', 'Ana')], messages: [inbound.text('5511960000001', 'Quero saber mais')] }),
    );
    await kit.settle();

    const { campaign: done, progress } = await agent.caller.campaigns.get({ id: campaign.id });
    expect(done.status).toBe('done');
    expect(finished.filter((event) => event.data.campaignId === campaign.id)).toEqual([
      expect.objectContaining({ clientId: client.id, data: expect.objectContaining({ status: 'done', name: done.name, recipients: expect.any(Object) }) }),
    ]);
    expect(progress).toMatchObject({
      recipients: 5,
      pending: 0,
      queued: 3,
      skipped: 2,
      skippedByReason: { opted_out: 1, 'no value for {{2}} (attr:cidade)': 1 },
      sent: 2,
      delivered: 2,
      read: 1,
      failed: 1,
      replied: 1,
      optedOutAfter: 0,
    });
    expect(Object.keys(progress.failedByReason)).toEqual([expect.stringContaining('#131049')]);
    const { messages } = kit.server.app.db.t;
    const [toBia] = await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, client.id), eq(messages.phone, '5511960000002'))),
    );
    expect(toBia).toMatchObject({ status: 'delivered', sendAttempts: 2 });
    // Bia opts out after receiving it.
    await optOut(client.id, ids.Bia!);
    expect((await agent.caller.campaigns.get({ id: campaign.id })).progress.optedOutAfter).toBe(1);
    await expect(admin.caller.campaigns.cancel({ id: campaign.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await agent.caller.campaigns.list()).map((row) => row.id)).toEqual([campaign.id]);
  });

  it('respects the messaging tier, cancels, and starts the chosen flow when a recipient replies', async () => {
    const { client, admin, template, label } = await tenant();
    await admin.caller.campaigns.saveSettings({ tiers: { '': 250 } });
    const { clientesWhatsapp, contactLabels, contactAttributeValues } = kit.server.app.db.t;
    const phones = Array.from({ length: 300 }, (_, n) => `55219${String(70000000 + n)}`);
    await kit.server.app.db.tenant(client.id, async (tx) => {
      const rows = await tx
        .insert(clientesWhatsapp)
        .values(phones.map((telefone, n) => ({ clientId: client.id, telefone, nome: `Pessoa ${n}`, optedInAt: new Date(), optInSource: 'import:test' })))
        .returning({ id: clientesWhatsapp.id });
      await tx.insert(contactLabels).values(rows.map((row) => ({ clientId: client.id, contactId: row.id, labelId: label.id })));
      await tx.insert(contactAttributeValues).values(rows.map((row) => ({ clientId: client.id, contactId: row.id, key: 'cidade', value: 'Rio' })));
    });
    const flow = await admin.caller.flows.create({
      name: 'Resposta da campanha',
      triggerType: 'manual',
      document: flowFixture([message('oi', 'Que bom que respondeu! Veja o catálogo.'), end('fim', 'bot', 'Até logo')], [['oi', 'fim']]),
    });
    await admin.caller.flows.publish({ id: flow.id });
    const draft = { templateId: template.id, audience: { labelIds: [label.id], optedInOnly: true }, variables: ['name', 'attr:cidade'] };
    const sentBefore = kit.graph.sent.length;
    const campaign = await admin.caller.campaigns.create({ ...draft, name: 'Grande', replyFlowId: flow.id });
    // The tier stops it at 250 unique contacts; the job waits for the window (a day) to move.
    await until(async () => (await admin.caller.campaigns.get({ id: campaign.id })).progress.queued === 250);
    await kit.settle();
    const { campaign: running, progress } = await admin.caller.campaigns.get({ id: campaign.id });
    expect(running.status).toBe('running');
    expect(progress).toMatchObject({ recipients: 300, queued: 250, pending: 50 });
    const sent = kit.graph.sent.slice(sentBefore).filter((s) => s.body.type === 'template');
    expect(sent).toHaveLength(250);
    expect(new Set(sent.map((s) => s.to)).size).toBe(250);
    const { jobs } = kit.server.app.db.t;
    const waiting = await kit.server.app.db.system((tx) =>
      tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.type, 'campaigns.send'), eq(jobs.status, 'queued'))),
    );
    expect(waiting.filter((job) => job.clientId === client.id)).toHaveLength(1);
    expect(waiting.find((job) => job.clientId === client.id)!.runAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    // A recipient replies: the campaign's flow starts (once), not the AI reply.
    const replier = sent[0]!.to;
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(replier, 'Pessoa')], messages: [inbound.text(replier, 'Oi, quero!')] }));
    await kit.settle();
    const texts = kit.graph.sent.filter((s) => s.to === replier && s.body.type === 'text').map((s) => (s.body.text as { body: string }).body);
    expect(texts).toEqual(['Que bom que respondeu! Veja o catálogo.', 'Até logo']);
    expect((await admin.caller.campaigns.get({ id: campaign.id })).progress.replied).toBe(1);

    await admin.caller.campaigns.cancel({ id: campaign.id });
    await expect(admin.caller.campaigns.resume({ id: campaign.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await admin.caller.campaigns.get({ id: campaign.id })).campaign.status).toBe('cancelled');
    expect(finished.filter((event) => event.data.campaignId === campaign.id).map((event) => event.data.status)).toEqual(['cancelled']);
  });
});
