import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsSettled } from '#server/jobs/index.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { onDomainEvent, type DomainEvent } from '#server/app/domainEvents.js';

describe.each(DATABASE_KINDS)('contacts on %s', (kind) => {
  // What the event webhooks receive (their delivery is eventWebhooks.test.ts's subject).
  const contactEvents: DomainEvent[] = [];
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
    onDomainEvent(server.app, async (_tx, event) => {
      if (event.type.startsWith('contact.')) contactEvents.push(event);
    });
  });
  afterAll(() => server?.dispose());

  const team = async () => {
    const client = await server.makeClient();
    const [admin, agent, viewer] = await Promise.all([
      server.signIn({ clientId: client.id, role: 'admin' }),
      server.signIn({ clientId: client.id, role: 'agent' }),
      server.signIn({ clientId: client.id, role: 'viewer' }),
    ]);
    return { client, admin, agent, viewer };
  };

  /** A conversation as the inbox stores it (the customer wrote at `at`). */
  const conversation = async (clientId: string, phone: string, at: Date) => {
    const { conversations } = server.app.db.t;
    const [row] = await server.app.db.tenant(clientId, (tx) =>
      tx.insert(conversations).values({ clientId, phone, name: null, lastUpdate: at, lastInboundAt: at }).returning(),
    );
    return row!;
  };

  it('creates contacts with typed attributes, refuses bad values and duplicates, and finds them by name, number either way and attribute', async () => {
    const { admin, agent, viewer } = await team();
    await admin.caller.contacts.attributes.define({ key: 'city', label: 'Cidade', type: 'text' });
    await admin.caller.contacts.attributes.define({ key: 'spent', label: 'Gasto', type: 'number' });
    await admin.caller.contacts.attributes.define({ key: 'birthday', label: 'Aniversário', type: 'date' });
    await admin.caller.contacts.attributes.define({ key: 'plan', label: 'Plano', type: 'list', options: ['Ouro', 'Prata'] });
    await expect(admin.caller.contacts.attributes.define({ key: 'plan', label: 'Plano', type: 'text' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(admin.caller.contacts.attributes.define({ key: 'tier', label: 'Tier', type: 'list' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(agent.caller.contacts.attributes.define({ key: 'x', label: 'X', type: 'text' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const maria = await agent.caller.contacts.save({
      name: 'Maria Souza',
      phone: '+55 (11) 8888-7777', // without the ninth digit: stored canonical
      attributes: { city: 'Campinas', spent: '1234,50', birthday: '15/03/1990', plan: 'ouro' },
      optIn: true,
    });
    expect(maria.contact).toMatchObject({
      name: 'Maria Souza',
      phone: '5511988887777',
      status: 'active',
      attributes: { city: 'Campinas', spent: '1234.50', birthday: '1990-03-15', plan: 'Ouro' },
      consent: { optInSource: `agent:${agent.userId}`, optedOutAt: null },
    });
    expect(maria.contact.consent.optedInAt).not.toBeNull();
    await agent.caller.contacts.save({ name: 'João Lima', phone: '5521977776666', attributes: { city: 'Rio' } });
    await agent.caller.contacts.save({ name: 'Ana', phone: '5531966665555' });

    await expect(agent.caller.contacts.save({ name: 'Outra', phone: '5511988887777' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await agent.caller.contacts.save({ id: maria.contact.id, name: 'Maria S. Souza' });
    const ofMaria = contactEvents.filter((event) => (event.data.contact as { id: string }).id === maria.contact.id);
    expect(ofMaria.map((event) => [event.type, event.data.contact])).toEqual([
      ['contact.created', { id: maria.contact.id, phone: '5511988887777', name: 'Maria Souza' }],
      ['contact.updated', { id: maria.contact.id, phone: '5511988887777', name: 'Maria S. Souza' }],
    ]);
    await agent.caller.contacts.save({ id: maria.contact.id, name: 'Maria Souza' }); // renamed back: the search index follows
    await expect(agent.caller.contacts.save({ phone: '12' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(agent.caller.contacts.save({ phone: '5511911112222', attributes: { birthday: '31/02/1990' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Aniversário (birthday)'),
    });
    await expect(agent.caller.contacts.save({ phone: '5511911112222', attributes: { plan: 'Bronze' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(agent.caller.contacts.save({ phone: '5511911112222', attributes: { nope: 'x' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // A refused save leaves nothing behind.
    expect((await viewer.caller.contacts.list({ search: '11911112222' })).total).toBe(0);
    await expect(viewer.caller.contacts.save({ phone: '5511911113333' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const names = async (filter: Parameters<typeof viewer.caller.contacts.list>[0]) => (await viewer.caller.contacts.list(filter)).items.map((c) => c.name);
    expect(await names({})).toEqual(['Ana', 'João Lima', 'Maria Souza']);
    expect(await names({ search: 'souz' })).toEqual(['Maria Souza']);
    expect(await names({ search: 'joão' })).toEqual(['João Lima']);
    expect(await names({ search: 'LIMA' })).toEqual(['João Lima']);
    expect(await names({ search: '11 8888-7777' })).toEqual(['Maria Souza']); // without the nine
    expect(await names({ search: '11 98888-7777' })).toEqual(['Maria Souza']); // with it
    expect(await names({ search: '551188887777' })).toEqual(['Maria Souza']);
    expect(await names({ search: 'campinas' })).toEqual(['Maria Souza']); // attribute value
    expect(await names({ search: '100%' })).toEqual([]);
    expect(await names({ attribute: { key: 'city', value: 'rio' } })).toEqual(['João Lima']);
    expect(await names({ consent: 'opted_in' })).toEqual(['Maria Souza']);
    const page = await viewer.caller.contacts.list({ limit: 2 });
    expect(page).toMatchObject({ total: 3, nextOffset: 2 });
    expect((await viewer.caller.contacts.list({ limit: 2, offset: 2 })).nextOffset).toBeNull();
  });

  it('labels contacts and conversations (the inbox filters by label), keeps private notes apart from messages, and filters by consent and last contact', async () => {
    const { client, admin, agent, viewer } = await team();
    const vip = await admin.caller.contacts.labels.create({ name: 'VIP', color: '#ff0000' });
    const lead = await admin.caller.contacts.labels.create({ name: 'Lead' });
    await expect(admin.caller.contacts.labels.create({ name: 'VIP' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const a = await agent.caller.contacts.save({ name: 'A', phone: '5511990000001' });
    const b = await agent.caller.contacts.save({ name: 'B', phone: '5511990000002' });
    await agent.caller.contacts.setLabels({ contactId: a.contact.id, labelIds: [vip.id, lead.id] });
    await agent.caller.contacts.setLabels({ contactId: b.contact.id, labelIds: [lead.id] });
    expect((await viewer.caller.contacts.list({ labelIds: [lead.id] })).items.map((c) => c.name)).toEqual(['A', 'B']);
    expect((await viewer.caller.contacts.list({ labelIds: [lead.id, vip.id] })).items.map((c) => c.name)).toEqual(['A']);
    const other = await server.makeClient();
    const othersLabel = await (await server.signIn({ clientId: other.id, role: 'admin' })).caller.contacts.labels.create({ name: 'Theirs' });
    await expect(agent.caller.contacts.setLabels({ contactId: a.contact.id, labelIds: [othersLabel.id] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    // The conversation of A: labelled, filtered in the inbox, last contact yesterday.
    const yesterday = new Date(Date.now() - 24 * 3600_000);
    const chat = await conversation(client.id, '5511990000001', yesterday);
    await conversation(client.id, '5511990000002', new Date(Date.now() - 10 * 24 * 3600_000));
    await agent.caller.contacts.setConversationLabels({ conversationId: chat.id, labelIds: [vip.id] });
    expect((await viewer.caller.conversations.list({ labelId: vip.id })).items.map((c) => c.id)).toEqual([chat.id]);
    expect((await viewer.caller.conversations.list({ labelId: lead.id })).items).toEqual([]);
    expect(await viewer.caller.contacts.conversationLabels({ conversationId: chat.id })).toEqual({ conversationId: chat.id, labelIds: [vip.id] });
    const recent = await viewer.caller.contacts.list({ lastContactAfter: new Date(Date.now() - 2 * 24 * 3600_000).toISOString() });
    expect(recent.items.map((c) => [c.name, c.lastContactAt])).toEqual([['A', yesterday.toISOString()]]);

    // A private note in the thread: on the contact's page, never a message.
    const note = await agent.caller.contacts.addNote({ conversationId: chat.id, body: 'Cliente prefere ligação à tarde.' });
    await agent.caller.contacts.addNote({ contactId: b.contact.id, body: 'Pediu orçamento.' });
    expect(await agent.caller.contacts.conversationNotes({ conversationId: chat.id })).toMatchObject([
      { id: note.id, body: 'Cliente prefere ligação à tarde.' },
    ]);
    const messages = await agent.caller.conversations.messages({ conversationId: chat.id });
    expect(JSON.stringify(messages)).not.toContain('ligação à tarde');
    const page = await agent.caller.contacts.get({ id: a.contact.id });
    expect(page.notes.map((n) => n.body)).toEqual(['Cliente prefere ligação à tarde.']);
    expect(page.conversations.map((c) => c.id)).toEqual([chat.id]);
    expect(page.contact.labels.map((l) => l.name)).toEqual(['Lead', 'VIP']);
    expect((await viewer.caller.contacts.get({ id: a.contact.id })).notes).toEqual([]);
    await expect(viewer.caller.contacts.conversationNotes({ conversationId: chat.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(agent.caller.contacts.addNote({ body: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    // Consent: an opted-out contact is filtered as such.
    const { clientesWhatsapp } = server.app.db.t;
    await server.app.db.tenant(client.id, (tx) =>
      tx
        .update(clientesWhatsapp)
        .set({ status: 'opted_out', optedOutAt: new Date(), optOutSource: 'keyword:SAIR' })
        .where(and(eq(clientesWhatsapp.id, b.contact.id), eq(clientesWhatsapp.clientId, client.id))),
    );
    expect((await viewer.caller.contacts.list({ consent: 'opted_out' })).items.map((c) => c.name)).toEqual(['B']);
    expect((await viewer.caller.contacts.list({ consent: 'subscribed' })).items.map((c) => c.name)).toEqual(['A']);
    // Opting in by an agent does not override an opt-out.
    await agent.caller.contacts.save({ id: b.contact.id, optIn: true });
    expect((await viewer.caller.contacts.get({ id: b.contact.id })).contact).toMatchObject({ status: 'opted_out', consent: { optedInAt: null } });

    await admin.caller.contacts.labels.delete({ id: lead.id });
    expect((await viewer.caller.contacts.get({ id: b.contact.id })).contact.labels).toEqual([]);
  });

  it('merges two contacts into one: conversations, labels, notes and missing attributes move, an opt-out wins', async () => {
    const { client, admin, agent } = await team();
    await admin.caller.contacts.attributes.define({ key: 'city', label: 'Cidade', type: 'text' });
    await admin.caller.contacts.attributes.define({ key: 'email', label: 'E-mail', type: 'text' });
    const label = await admin.caller.contacts.labels.create({ name: 'Cliente' });
    const keep = await agent.caller.contacts.save({ name: null, phone: '5511990000010', attributes: { city: 'Santos' } });
    const dup = await agent.caller.contacts.save({ name: 'Carla', phone: '5511990000011', attributes: { city: 'Guarujá', email: 'c@x.test' } });
    await agent.caller.contacts.setLabels({ contactId: dup.contact.id, labelIds: [label.id] });
    await agent.caller.contacts.addNote({ contactId: dup.contact.id, body: 'nota' });
    const chat = await conversation(client.id, '5511990000011', new Date());
    const { clientesWhatsapp } = server.app.db.t;
    await server.app.db.tenant(client.id, (tx) =>
      tx
        .update(clientesWhatsapp)
        .set({ status: 'opted_out', optedOutAt: new Date(), optOutSource: 'keyword:PARAR' })
        .where(eq(clientesWhatsapp.id, dup.contact.id)),
    );

    const merged = await agent.caller.contacts.merge({ keepId: keep.contact.id, mergeId: dup.contact.id });
    expect(merged.contact).toMatchObject({
      id: keep.contact.id,
      name: 'Carla',
      phone: '5511990000010',
      status: 'opted_out',
      attributes: { city: 'Santos', email: 'c@x.test' },
      consent: { optOutSource: 'keyword:PARAR' },
    });
    expect(merged.contact.labels.map((l) => l.name)).toEqual(['Cliente']);
    expect(merged.notes.map((n) => n.body)).toEqual(['nota']);
    expect(merged.conversations.map((c) => c.id)).toEqual([chat.id]);
    await expect(agent.caller.contacts.get({ id: dup.contact.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(agent.caller.contacts.merge({ keepId: keep.contact.id, mergeId: dup.contact.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(agent.caller.contacts.merge({ keepId: keep.contact.id, mergeId: keep.contact.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('imports a CSV on the job runner: preview and mapping, de-duplication by number, a per-row error report, labels and consent, then exports the filtered list', async () => {
    const { admin, agent } = await team();
    await admin.caller.contacts.attributes.define({ key: 'cidade', label: 'Cidade', type: 'text' });
    await admin.caller.contacts.attributes.define({ key: 'pontos', label: 'Pontos', type: 'number' });
    const label = await admin.caller.contacts.labels.create({ name: 'Importados' });
    const existing = await agent.caller.contacts.save({ name: 'Velho Nome', phone: '5511970000001' });
    const rows = [
      'Nome;Telefone;Cidade;Pontos;Obs',
      'Bruna;(11) 7000-0001;São Paulo;10;x', // existing contact, without the nine: updated
      'Caio;5511970000002;"Rio; RJ";20;',
      'Duda;11 97000-0002;Niterói;5;', // duplicate of the previous line
      'Edu;123;Recife;1;', // bad number
      'Fabi;5511970000003;Salvador;muitos;', // bad number attribute
      '=cmd;5511970000004;Natal;;',
      ...Array.from({ length: 1200 }, (_, n) => `Pessoa ${n};55119800${String(n).padStart(5, '0')};Campinas;${n};`),
    ];
    const csv = `\uFEFF${rows.join('\n')}\n`;
    const preview = await admin.caller.contacts.import.preview({ csv });
    expect(preview).toMatchObject({
      headers: ['Nome', 'Telefone', 'Cidade', 'Pontos', 'Obs'],
      totalRows: rows.length - 1,
      mapping: { Nome: 'name', Telefone: 'phone', Cidade: 'attr:cidade', Pontos: 'attr:pontos', Obs: 'ignore' },
    });
    expect(preview.sample[1]).toEqual(['Caio', '5511970000002', 'Rio; RJ', '20', '']);
    await expect(admin.caller.contacts.import.preview({ csv: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.caller.contacts.import.start({ fileName: 'x.csv', csv, mapping: { Nome: 'name', Cidade: 'attr:cidade' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'map exactly one column to the phone number',
    });
    await expect(admin.caller.contacts.import.start({ fileName: 'x.csv', csv, mapping: { Telefone: 'phone', Cidade: 'attr:nope' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(agent.caller.contacts.import.start({ fileName: 'x.csv', csv, mapping: preview.mapping })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const started = await admin.caller.contacts.import.start({ fileName: 'clientes.csv', csv, mapping: preview.mapping, labelIds: [label.id], optIn: true });
    expect(started).toMatchObject({ status: 'queued', totalRows: rows.length - 1 });
    await jobsSettled(server.app.db, ['contacts.import'], 60_000);
    const report = await admin.caller.contacts.import.get({ id: started.id });
    expect(report).toMatchObject({ status: 'done', processedRows: rows.length - 1, created: 1202, updated: 1, failed: 3 });
    expect(report.errors).toEqual([
      { row: 4, reason: 'the number 5511970000002 is already on line 3' },
      { row: 5, reason: '"123" is not a phone number' },
      { row: 6, reason: 'Pontos (pontos): "muitos" is not a number' },
    ]);
    const updated = await agent.caller.contacts.get({ id: existing.contact.id });
    expect(updated.contact).toMatchObject({
      name: 'Bruna',
      attributes: { cidade: 'São Paulo', pontos: '10' },
      consent: { optInSource: `import:${started.id}` },
    });
    expect(updated.contact.labels.map((l) => l.name)).toEqual(['Importados']);
    expect((await agent.caller.contacts.list({ labelIds: [label.id] })).total).toBe(1203);

    const exported = await admin.caller.contacts.export({ search: 'natal' });
    const lines = exported.csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('name,phone,status,opted_in_at,opted_out_at,labels,last_contact_at,cidade,pontos');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^'=cmd,5511970000004,active,\d{4}-.*,,Importados,,Natal,$/);
    expect((await admin.caller.contacts.export({ attribute: { key: 'cidade', value: 'Rio; RJ' } })).csv).toContain('"Rio; RJ"');
    await expect(agent.caller.contacts.export({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
