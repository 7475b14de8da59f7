// Triggers of a live flow apply as soon as they are saved: editing them, like publishing, must not
// make two active flows answer the same message. Through tRPC callers, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError, createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '#shared/api.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type SignedIn, type TestServer } from '#server/testing/testServer.js';
import { end, flowFixture, message } from '#shared/flows/testing/flowFixture.js';

const welcome = () => flowFixture([message('hello', 'Bem-vindo!'), end('bye', 'bot', 'Até logo')], [['hello', 'bye']]);

describe.each(DATABASE_KINDS)('trigger edits of active flows on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  async function owner(): Promise<SignedIn> {
    const client = await server.makeClient();
    return server.signIn({ clientId: client.id, role: 'admin' });
  }
  async function live(admin: SignedIn, name: string, triggerKeywords: string[]) {
    const flow = await admin.caller.flows.create({ name, document: welcome(), triggerType: 'keyword', triggerKeywords });
    await admin.caller.flows.publish({ id: flow.id });
    return admin.caller.flows.get({ id: flow.id });
  }

  it('refuses a keyword another active flow has, naming it, and stores nothing of that save', async () => {
    const admin = await owner();
    await live(admin, 'Cardápio', ['menu', 'cardapio']);
    const orders = await live(admin, 'Pedidos', ['pedido']);
    await expect(
      admin.caller.flows.updateDraft({ id: orders.id, expectedRevision: orders.draftRevision, triggerKeywords: ['pedido', 'CARDÁPIO'], name: 'Pedidos 2' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('the active flow "Cardápio" already starts with the keyword "cardapio"') });
    expect(await admin.caller.flows.get({ id: orders.id })).toMatchObject({
      name: 'Pedidos',
      triggerKeywords: ['pedido'],
      draftRevision: orders.draftRevision,
    });
    // Changing the type to keyword with overlapping keywords is a trigger edit too.
    const manual = await admin.caller.flows.create({ name: 'Manual', document: welcome(), triggerType: 'manual', triggerKeywords: ['menu'] });
    await admin.caller.flows.publish({ id: manual.id });
    const current = await admin.caller.flows.get({ id: manual.id });
    await expect(admin.caller.flows.updateDraft({ id: manual.id, expectedRevision: current.draftRevision, triggerType: 'keyword' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // A keyword of nobody's is saved; an inactive flow keeps any keyword (checked when it goes live).
    expect(
      (await admin.caller.flows.updateDraft({ id: orders.id, expectedRevision: orders.draftRevision, triggerKeywords: ['pedido', 'compra'] })).triggerKeywords,
    ).toEqual(['pedido', 'compra']);
    const draft = await admin.caller.flows.create({ name: 'Rascunho', document: welcome(), triggerType: 'keyword' });
    expect((await admin.caller.flows.updateDraft({ id: draft.id, expectedRevision: draft.draftRevision, triggerKeywords: ['menu'] })).triggerKeywords).toEqual([
      'menu',
    ]);
  });

  it('the refusal carries the trigger_taken reason, so the editor does not take it for an edit conflict', async () => {
    const admin = await owner();
    await live(admin, 'Cardápio', ['menu']);
    const orders = await live(admin, 'Pedidos', ['pedido']);
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${server.url}/trpc`, headers: () => ({ authorization: `Bearer ${admin.token}` }) })],
    });
    const refused = await client.flows.updateDraft
      .mutate({ id: orders.id, expectedRevision: orders.draftRevision, triggerKeywords: ['menu'] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<AppRouter>).data).toMatchObject({ code: 'CONFLICT', reason: 'trigger_taken' });
    // Someone else's save in between: the same code, no reason (the editor offers to merge).
    await client.flows.updateDraft.mutate({ id: orders.id, expectedRevision: orders.draftRevision, name: 'Pedidos 2' });
    const stale = await client.flows.updateDraft
      .mutate({ id: orders.id, expectedRevision: orders.draftRevision, name: 'Pedidos 3' })
      .catch((error: unknown) => error);
    expect((stale as TRPCClientError<AppRouter>).data).toMatchObject({ code: 'CONFLICT' });
    expect((stale as TRPCClientError<AppRouter>).data?.reason).toBeUndefined();
  });

  it('two active flows given the same keyword at the same moment: exactly one edit is stored', async () => {
    const admin = await owner();
    const [a, b] = [await live(admin, 'A', ['a']), await live(admin, 'B', ['b'])];
    const results = await Promise.allSettled(
      [a, b].map((flow) =>
        admin.caller.flows.updateDraft({ id: flow.id, expectedRevision: flow.draftRevision, triggerKeywords: [flow.name.toLowerCase(), 'promo'] }),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
    const withPromo = (await admin.caller.flows.list()).filter((flow) => flow.triggerKeywords.includes('promo'));
    expect(withPromo).toHaveLength(1);
  });

  it('only one active flow starts on every new conversation: publishing, activating or switching to a second is refused', async () => {
    const admin = await owner();
    const first = await admin.caller.flows.create({ name: 'Boas-vindas', document: welcome(), triggerType: 'always' });
    await admin.caller.flows.publish({ id: first.id });
    const second = await admin.caller.flows.create({ name: 'Outra', document: welcome(), triggerType: 'always' });
    await expect(admin.caller.flows.publish({ id: second.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('the active flow "Boas-vindas" already starts on every new conversation'),
    });
    expect(await admin.caller.flows.get({ id: second.id })).toMatchObject({ isActive: false, publishedVersion: null });

    // Live as a keyword flow, it cannot switch to "always" either.
    const keyword = await live(admin, 'Palavra', ['oi']);
    await expect(admin.caller.flows.updateDraft({ id: keyword.id, expectedRevision: keyword.draftRevision, triggerType: 'always' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await admin.caller.flows.get({ id: keyword.id })).triggerType).toBe('keyword');

    // With the first deactivated the second goes live; then the first cannot be activated again.
    await admin.caller.flows.deactivate({ id: first.id });
    await admin.caller.flows.publish({ id: second.id });
    await expect(admin.caller.flows.activate({ id: first.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('"Outra"') });
    // Publishing the live one again is fine.
    expect((await admin.caller.flows.publish({ id: second.id })).version).toBe(2);
  });
});
