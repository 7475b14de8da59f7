import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANNED_RESPONSES_CHANGED } from '#shared/cannedResponses/cannedResponseRules.js';
import type { LiveEvent } from '#server/app/events.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { DEFAULT_CANNED_RESPONSES } from './seedDefaultCannedResponses.js';

describe.each(DATABASE_KINDS)('canned responses on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  const team = async () => {
    const client = await server.makeClient();
    const [owner, admin, agent, colleague, viewer] = await Promise.all([
      server.signIn({ clientId: client.id, role: 'owner' }),
      server.signIn({ clientId: client.id, role: 'admin' }),
      server.signIn({ clientId: client.id, role: 'agent' }),
      server.signIn({ clientId: client.id, role: 'agent' }),
      server.signIn({ clientId: client.id, role: 'viewer' }),
    ]);
    return { client, owner, admin, agent, colleague, viewer };
  };

  it('starts a new client with the default responses, listed by shortcut to every member', async () => {
    const { viewer } = await team();
    const list = await viewer.caller.cannedResponses.list();
    expect(list.map((row) => [row.shortcut, row.content])).toEqual(
      [...DEFAULT_CANNED_RESPONSES].sort((a, b) => a.shortcut.localeCompare(b.shortcut)).map((row) => [row.shortcut, row.content]),
    );
    expect(list.every((row) => row.createdBy === null && row.authorName === null && !row.mayChange)).toBe(true);
  });

  it('creates, updates and deletes, audits each change and publishes it live', async () => {
    const { client, admin } = await team();
    const events: LiveEvent[] = [];
    const unsubscribe = server.app.events.subscribe(client.id, (event) => events.push(event));
    try {
      const created = await admin.caller.cannedResponses.create({ shortcut: ' /Prazo ', content: '  Olá {{nome}}, entregamos em 3 dias úteis.\n' });
      expect(created).toMatchObject({ shortcut: 'prazo', content: 'Olá {{nome}}, entregamos em 3 dias úteis.', createdBy: admin.userId, mayChange: true });
      expect((await admin.caller.cannedResponses.list()).map((row) => row.shortcut)).toContain('prazo');

      const updated = await admin.caller.cannedResponses.update({ id: created.id, shortcut: 'entrega', content: 'Entregamos em 2 dias úteis.' });
      expect(updated).toMatchObject({ id: created.id, shortcut: 'entrega', content: 'Entregamos em 2 dias úteis.' });
      expect(new Date(updated.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.updatedAt).getTime());
      const contentOnly = await admin.caller.cannedResponses.update({ id: created.id, content: 'Entregamos amanhã.' });
      expect(contentOnly).toMatchObject({ shortcut: 'entrega', content: 'Entregamos amanhã.' });

      await expect(admin.caller.cannedResponses.delete({ id: created.id })).resolves.toEqual({ id: created.id, shortcut: 'entrega' });
      expect((await admin.caller.cannedResponses.list()).map((row) => row.id)).not.toContain(created.id);
      await expect(admin.caller.cannedResponses.delete({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

      const changes = events.filter((event) => event.type === CANNED_RESPONSES_CHANGED).map((event) => event.payload);
      expect(changes).toEqual([
        { change: 'created', id: created.id },
        { change: 'updated', id: created.id },
        { change: 'updated', id: created.id },
        { change: 'deleted', id: created.id },
      ]);
      const audit = await admin.caller.audit.list({ resourceType: 'cannedResponses', limit: 20 });
      expect(audit.items.map((row) => [row.action, row.status, row.resourceId]).reverse()).toEqual([
        ['cannedResponses.create', 'success', created.id],
        ['cannedResponses.update', 'success', created.id],
        ['cannedResponses.update', 'success', created.id],
        ['cannedResponses.delete', 'success', created.id],
        ['cannedResponses.delete', 'failure', created.id],
      ]);
    } finally {
      unsubscribe();
    }
  });

  it('refuses a shortcut already in use, whatever its case, also when two are created at once', async () => {
    const { admin, agent } = await team();
    // "ola" is one of the defaults.
    await expect(agent.caller.cannedResponses.create({ shortcut: 'OLA', content: 'Oi!' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'the shortcut /ola is already in use: choose another one',
    });
    await admin.caller.cannedResponses.create({ shortcut: 'Horário', content: 'Abrimos das 8h às 18h.' });
    await expect(agent.caller.cannedResponses.create({ shortcut: 'HORÁRIO', content: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });

    const attempts = await Promise.allSettled(
      [admin, agent, admin, agent].map((member, index) =>
        member.caller.cannedResponses.create({ shortcut: index % 2 ? 'Pix' : 'pix', content: `Chave pix ${index}` }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    for (const attempt of attempts.filter((entry) => entry.status === 'rejected')) {
      expect((attempt as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    }
    expect((await agent.caller.cannedResponses.list()).filter((row) => row.shortcut === 'pix')).toHaveLength(1);

    // Renaming onto a used shortcut is refused too; renaming to itself in another case is fine.
    const mine = await agent.caller.cannedResponses.create({ shortcut: 'boleto', content: 'Segue o boleto.' });
    await expect(agent.caller.cannedResponses.update({ id: mine.id, shortcut: 'Aguarde' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(agent.caller.cannedResponses.update({ id: mine.id, shortcut: 'BOLETO' })).resolves.toMatchObject({ shortcut: 'boleto' });
    // Two renames onto one free shortcut at once: one wins, the other is a conflict.
    const other = await agent.caller.cannedResponses.create({ shortcut: 'cartao', content: 'Aceitamos cartão.' });
    const renames = await Promise.allSettled([mine, other].map((row) => agent.caller.cannedResponses.update({ id: row.id, shortcut: 'pagamento' })));
    expect(renames.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((renames.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
  });

  it('lets viewers read, agents add and change their own, admins and owners change any', async () => {
    const { viewer, agent, colleague, admin, owner } = await team();
    await expect(viewer.caller.cannedResponses.create({ shortcut: 'nope', content: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const agents = await agent.caller.cannedResponses.create({ shortcut: 'troca', content: 'Trocas em até 7 dias.' });
    await expect(colleague.caller.cannedResponses.update({ id: agents.id, content: 'mudado' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(colleague.caller.cannedResponses.delete({ id: agents.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.caller.cannedResponses.delete({ id: agents.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const asColleague = (await colleague.caller.cannedResponses.list()).find((row) => row.id === agents.id)!;
    expect(asColleague).toMatchObject({ mayChange: false, createdBy: agent.userId });
    expect((await agent.caller.cannedResponses.list()).find((row) => row.id === agents.id)).toMatchObject({ mayChange: true });

    await expect(agent.caller.cannedResponses.update({ id: agents.id, content: 'Trocas em até 30 dias.' })).resolves.toMatchObject({
      content: 'Trocas em até 30 dias.',
    });
    await expect(admin.caller.cannedResponses.update({ id: agents.id, content: 'Trocas em até 15 dias.' })).resolves.toMatchObject({
      content: 'Trocas em até 15 dias.',
    });
    // The defaults have no author: only admins and owners change them.
    const ola = (await agent.caller.cannedResponses.list()).find((row) => row.shortcut === 'ola')!;
    await expect(agent.caller.cannedResponses.update({ id: ola.id, content: 'Oi!' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(owner.caller.cannedResponses.update({ id: ola.id, content: 'Oi! Como posso ajudar?' })).resolves.toMatchObject({
      content: 'Oi! Como posso ajudar?',
    });
    await expect(admin.caller.cannedResponses.delete({ id: agents.id })).resolves.toMatchObject({ id: agents.id });
    await expect(server.anonymous().cannedResponses.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('keeps each client to its own list', async () => {
    const a = await team();
    const b = await team();
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    const secret = await a.agent.caller.cannedResponses.create({ shortcut: 'segredo', content: 'Resposta só do cliente A' });
    // The same shortcut is free in another client.
    const bSame = await b.agent.caller.cannedResponses.create({ shortcut: 'segredo', content: 'Resposta do cliente B' });
    expect(JSON.stringify(await b.admin.caller.cannedResponses.list())).not.toContain('cliente A');
    await expect(b.owner.caller.cannedResponses.update({ id: secret.id, content: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(b.owner.caller.cannedResponses.delete({ id: secret.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(b.owner.caller.cannedResponses.list({ clientId: a.client.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(b.owner.caller.cannedResponses.create({ clientId: a.client.id, shortcut: 'intruso', content: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await a.viewer.caller.cannedResponses.list()).find((row) => row.id === secret.id)).toMatchObject({ content: 'Resposta só do cliente A' });
    expect((await a.viewer.caller.cannedResponses.list()).map((row) => row.id)).not.toContain(bSame.id);
    // The platform administrator acts for a client by naming it.
    const forA = await platform.caller.cannedResponses.create({ clientId: a.client.id, shortcut: 'suporte', content: 'Suporte da plataforma.' });
    expect((await a.agent.caller.cannedResponses.list()).map((row) => row.id)).toContain(forA.id);
    expect((await b.agent.caller.cannedResponses.list()).map((row) => row.shortcut)).not.toContain('suporte');
  });

  it('explains bad input', async () => {
    const { admin } = await team();
    const badRequest = (promise: Promise<unknown>, message: RegExp) => expect(promise).rejects.toMatchObject({ code: 'BAD_REQUEST', message });
    await badRequest(admin.caller.cannedResponses.create({ shortcut: 'com espaço', content: 'x' }), /letters, digits/);
    await badRequest(admin.caller.cannedResponses.create({ shortcut: 'x'.repeat(41), content: 'x' }), /at most 40/);
    await badRequest(admin.caller.cannedResponses.create({ shortcut: '/', content: 'x' }), /cannot be empty/);
    await badRequest(admin.caller.cannedResponses.create({ shortcut: 'oi😀', content: 'x' }), /letters, digits/);
    await badRequest(admin.caller.cannedResponses.create({ shortcut: 'vazio', content: '   ' }), /cannot be empty/);
    await badRequest(admin.caller.cannedResponses.create({ shortcut: 'longo', content: 'a'.repeat(4097) }), /4096/);
    const accented = await admin.caller.cannedResponses.create({ shortcut: 'Atenção_2-b', content: 'a'.repeat(4096) });
    expect(accented.shortcut).toBe('atenção_2-b');
    await badRequest(admin.caller.cannedResponses.update({ id: accented.id }), /nothing to change/);
    await badRequest(admin.caller.cannedResponses.update({ id: 'not-a-uuid', content: 'x' }), /not a valid canned response id/);
    await expect(admin.caller.cannedResponses.update({ id: '00000000-0000-4000-8000-000000000000', content: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
