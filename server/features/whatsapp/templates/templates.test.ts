import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';

describe.each(DATABASE_KINDS)('message templates on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  async function admin() {
    const client = await kit.newClient();
    const { clients } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.system((tx) => tx.select({ waba: clients.metaWabaId }).from(clients).where(eq(clients.id, client.id)));
    const user = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    return { client, waba: row!.waba!, user };
  }

  it("submits a template to Meta and lists it; Meta's refusal is a readable error; agents cannot create", async () => {
    const { user, client } = await admin();
    const components = [{ type: 'BODY', text: 'Olá {{1}}, seu pedido está pronto!', example: { body_text: [['Ana']] } }];
    const created = await user.caller.whatsapp.templates.create({ name: 'pedido_pronto', language: 'pt_BR', category: 'UTILITY', components });
    expect(created).toMatchObject({ name: 'pedido_pronto', status: 'PENDING', category: 'UTILITY' });
    expect(created.metaTemplateId).toMatch(/^\d+$/);
    expect(await user.caller.whatsapp.templates.list()).toEqual([expect.objectContaining({ name: 'pedido_pronto', components })]);
    await expect(user.caller.whatsapp.templates.create({ name: 'pedido_pronto', language: 'pt_BR', category: 'UTILITY', components })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('already exists'),
    });
    await expect(user.caller.whatsapp.templates.create({ name: 'Pedido Pronto', language: 'pt_BR', category: 'UTILITY', components })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    await expect(agent.caller.whatsapp.templates.create({ name: 'x', language: 'pt_BR', category: 'UTILITY', components })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await agent.caller.whatsapp.templates.list()).toHaveLength(1);
  });

  it("syncs every page of Meta's templates, with statuses and rejection reasons, and marks deleted ones", async () => {
    const { user, waba } = await admin();
    await user.caller.whatsapp.templates.create({
      name: 'sera_apagado',
      language: 'pt_BR',
      category: 'MARKETING',
      components: [{ type: 'BODY', text: 'promo' }],
    });
    // Meta's side: the created one is gone, 104 others exist (more than one page of 100).
    kit.graph.reset();
    const templates = [
      ...Array.from({ length: 103 }, (_, index) => ({
        name: `aviso_${String(index).padStart(3, '0')}`,
        language: 'pt_BR',
        status: 'APPROVED',
        category: 'UTILITY',
        components: [{ type: 'BODY', text: `aviso ${index}` }],
      })),
      { name: 'promo_rejeitada', language: 'en_US', status: 'REJECTED', category: 'MARKETING', rejected_reason: 'INVALID_FORMAT', components: [] },
    ];
    // Replace the fake's list for this account: remove what create() put there.
    kit.graph.clearTemplates(waba);
    for (const template of templates) kit.graph.addTemplate(waba, template);
    const result = await user.caller.whatsapp.templates.sync();
    expect(result.synced).toBe(104);
    const byName = new Map(result.templates.map((template) => [template.name, template]));
    expect(byName.get('aviso_102')).toMatchObject({ status: 'APPROVED', category: 'UTILITY' });
    expect(byName.get('promo_rejeitada')).toMatchObject({ status: 'REJECTED', rejectedReason: 'INVALID_FORMAT', language: 'en_US' });
    expect(byName.get('sera_apagado')).toMatchObject({ status: 'DELETED' });
    expect(await user.caller.whatsapp.templates.list({ status: 'APPROVED' })).toHaveLength(103);
    // Idempotent: syncing again changes nothing.
    expect((await user.caller.whatsapp.templates.sync()).templates).toEqual(
      result.templates.map((template) => ({ ...template, updatedAt: expect.any(String) })),
    );
  });

  it('syncs from a changed WhatsApp Business account at once, not after the cached credentials expire', async () => {
    const { user } = await admin();
    expect((await user.caller.whatsapp.templates.sync()).templates).toEqual([]); // loads (and caches) the credentials
    await user.caller.clients.updateSettings({ metaWabaId: '909090909090' });
    kit.graph.addTemplate('909090909090', { name: 'da_conta_nova', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [] });
    expect((await user.caller.whatsapp.templates.sync()).templates.map((template) => template.name)).toEqual(['da_conta_nova']);
  });
});
