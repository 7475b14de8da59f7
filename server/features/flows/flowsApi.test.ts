// The flow editor's API through tRPC callers, on both databases: drafts and conflicts, publishing,
// versions, import/export, triggers, roles and tenant isolation, the simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type SignedIn, type TestServer } from '#server/testing/testServer.js';
import { choices, end, flowFixture, message, setVariable, textQuestion } from '#shared/flows/testing/flowFixture.js';

const greeting = () =>
  flowFixture(
    [
      choices('menu', 'Olá {{contact_name}}! Como posso ajudar?', ['Orçamento', 'Suporte']),
      textQuestion('name', 'Seu nome?', 'name'),
      setVariable('s', 'greeting', 'concat("Obrigado, ", name)'),
      message('thanks', '{{greeting}}'),
      end('bye', 'bot', 'Até logo!'),
    ],
    [
      ['menu', 'option:menu_o1', 'name'],
      ['menu', 'option:menu_o2', 'bye'],
      ['menu', 'gave_up', 'bye'],
      ['name', 'next', 's'],
      ['name', 'gave_up', 'bye'],
      ['s', 'thanks'],
      ['thanks', 'bye'],
    ],
  );

describe.each(DATABASE_KINDS)('flows API on %s', (kind) => {
  let server: TestServer;
  let owner: SignedIn;
  let agent: SignedIn;
  let other: SignedIn;
  beforeAll(async () => {
    server = await startTestServer(kind);
    const client = await server.makeClient({ metaDisplayPhone: '+55 11 4000-1234' });
    owner = await server.signIn({ clientId: client.id, role: 'admin' });
    agent = await server.signIn({ clientId: client.id, role: 'agent' });
    other = await server.signIn({ clientId: (await server.makeClient()).id, role: 'owner' });
  });
  afterAll(() => server?.dispose());

  it('creates, edits with revisions, refuses a stale save with what differs, and lists', async () => {
    const created = await owner.caller.flows.create({ name: 'Atendimento', triggerKeywords: ['oi'], document: greeting() });
    expect(created).toMatchObject({ name: 'Atendimento', isActive: false, draftRevision: 1, publishedVersionId: null });
    expect(created.document.blocks).toHaveLength(5);

    const mine = structuredClone(created.document);
    mine.blocks[3] = { ...mine.blocks[3]!, data: { kind: 'text', text: 'Valeu!' } } as (typeof mine.blocks)[number];
    const theirs = structuredClone(created.document);
    theirs.blocks[0] = { ...theirs.blocks[0]!, label: 'Menu' } as (typeof theirs.blocks)[number];
    theirs.blocks.push({ id: 'extra', type: 'message', data: { kind: 'text', text: 'novo' } });

    const saved = await owner.caller.flows.updateDraft({ id: created.id, expectedRevision: 1, document: theirs });
    expect(saved.draftRevision).toBe(2);
    const stale = owner.caller.flows.updateDraft({ id: created.id, expectedRevision: 1, document: mine });
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(stale).rejects.toThrow(/revision 1, it is now 2.*blocks changed: menu, thanks.*only in the saved draft: extra/);
    const after = await owner.caller.flows.get({ id: created.id });
    expect(after.document.blocks.map((block) => block.id)).toContain('extra'); // nothing overwritten
    expect(after.qrCodeLink).toBeNull();

    const listed = await owner.caller.flows.list();
    expect(listed.find((flow) => flow.id === created.id)).toMatchObject({ name: 'Atendimento', draftRevision: 2, blockCount: 6 });
    await expect(
      owner.caller.flows.updateDraft({ id: created.id, expectedRevision: 2, document: { schemaVersion: 2, blocks: [{ id: 'x', type: 'warp' }], edges: [] } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('validates, refuses to publish with errors, publishes numbered immutable versions, compares and restores', async () => {
    const flow = await owner.caller.flows.create({ name: 'Versões', document: greeting() });
    const broken = structuredClone(flow.document);
    broken.edges.push({ id: 'bad', source: 'thanks', sourceHandle: 'next', target: 'ghost' });
    const draft = await owner.caller.flows.updateDraft({ id: flow.id, expectedRevision: 1, document: broken });
    const { problems } = await owner.caller.flows.validate({ id: flow.id });
    expect(problems).toContainEqual(expect.objectContaining({ code: 'edge_missing_target', blockId: 'thanks', severity: 'error' }));
    await expect(owner.caller.flows.publish({ id: flow.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(owner.caller.flows.activate({ id: flow.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });

    const fixed = await owner.caller.flows.updateDraft({ id: flow.id, expectedRevision: draft.draftRevision, document: greeting() });
    await expect(owner.caller.flows.publish({ id: flow.id, expectedRevision: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    const v1 = await owner.caller.flows.publish({ id: flow.id, expectedRevision: fixed.draftRevision });
    expect(v1.version).toBe(1);
    const changed = structuredClone(fixed.document);
    changed.blocks = changed.blocks.map((block) =>
      block.id === 'thanks' ? { ...block, data: { kind: 'text', text: 'Muito obrigado!' } } : block,
    ) as typeof changed.blocks;
    const edited = await owner.caller.flows.updateDraft({ id: flow.id, expectedRevision: fixed.draftRevision, document: changed });
    const v2 = await owner.caller.flows.publish({ id: flow.id });
    expect(v2.version).toBe(2);

    const versions = await owner.caller.flows.versions({ id: flow.id });
    expect(versions.map((version) => [version.version, version.isPublished])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(await owner.caller.flows.compare({ id: flow.id, from: v1.versionId, to: v2.versionId })).toMatchObject({
      blocksChanged: ['thanks'],
      identical: false,
    });
    expect(await owner.caller.flows.compare({ id: flow.id, from: v2.versionId, to: 'draft' })).toMatchObject({ identical: true });

    const restored = await owner.caller.flows.restore({ id: flow.id, versionId: v1.versionId, expectedRevision: edited.draftRevision });
    expect(restored.document.blocks.find((block) => block.id === 'thanks')?.data).toEqual({ kind: 'text', text: '{{greeting}}' });
    expect(restored.publishedVersion).toBe(2); // restoring changes the draft, not what runs
    await expect(owner.caller.flows.compare({ id: flow.id, from: 'nope', to: 'draft' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('exports and imports JSON files, refusing bad files whole', async () => {
    const flow = await owner.caller.flows.create({ name: 'Exportável', triggerKeywords: ['menu'], document: greeting() });
    const file = await owner.caller.flows.export({ id: flow.id });
    expect(file).toMatchObject({ format: 'uzz.flow', flow: { name: 'Exportável', triggerKeywords: ['menu'] } });
    const copy = await owner.caller.flows.import({ file: JSON.parse(JSON.stringify(file)), name: 'Importado' });
    expect(copy.name).toBe('Importado');
    expect(copy.document).toEqual(flow.document);
    await expect(owner.caller.flows.export({ id: flow.id, source: 'published' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });

    const before = (await owner.caller.flows.list()).length;
    await expect(owner.caller.flows.import({ file: { format: 'zip' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const withError = structuredClone(file) as { document: { edges: unknown[] } };
    withError.document.edges.push({ id: 'x', source: 'menu', sourceHandle: 'option:menu_o1', target: 'bye' });
    await expect(owner.caller.flows.import({ file: withError })).rejects.toThrow(/nothing was imported.*more than one connection/);
    expect((await owner.caller.flows.list()).length).toBe(before);
    // A version 1 file is upgraded on import.
    const old = await owner.caller.flows.import({
      file: {
        format: 'uzz.flow',
        flow: { name: 'Antigo' },
        document: {
          blocks: [
            { id: 'm', type: 'message', data: { text: 'oi' } },
            { id: 'e', type: 'end' },
          ],
          edges: [{ id: '1', source: 'm', target: 'e' }],
          startBlockId: 'm',
        },
      },
    });
    expect(old.document).toMatchObject({ schemaVersion: 2, blocks: [{ type: 'message', data: { kind: 'text', text: 'oi' } }, { type: 'end' }] });
  });

  it('activates published flows, renames, duplicates, keeps QR codes unique and deletes', async () => {
    const flow = await owner.caller.flows.create({ name: 'QR', triggerType: 'qr_code', triggerQrCode: 'MESA-7', document: greeting() });
    expect(flow.qrCodeLink).toBe('https://wa.me/551140001234?text=MESA-7');
    await expect(owner.caller.flows.create({ name: 'QR 2', triggerType: 'qr_code', triggerQrCode: 'MESA-7' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await owner.caller.flows.publish({ id: flow.id });
    expect(await owner.caller.flows.activate({ id: flow.id })).toEqual({ warnings: [] });
    expect((await owner.caller.flows.get({ id: flow.id })).isActive).toBe(true);
    await owner.caller.flows.deactivate({ id: flow.id });
    expect((await owner.caller.flows.rename({ id: flow.id, name: 'Mesa' })).name).toBe('Mesa');
    const copy = await owner.caller.flows.duplicate({ id: flow.id });
    expect(copy).toMatchObject({ name: 'Mesa (cópia)', triggerQrCode: null, isActive: false, publishedVersionId: null });

    // Publishing turns the triggers on; keywords (case and accents aside) belong to one active flow.
    const a = await owner.caller.flows.create({ name: 'A', triggerKeywords: ['Promoção'], document: greeting() });
    const b = await owner.caller.flows.create({ name: 'B', triggerKeywords: ['promocao'], document: greeting() });
    await owner.caller.flows.publish({ id: a.id });
    expect((await owner.caller.flows.get({ id: a.id })).isActive).toBe(true);
    await expect(owner.caller.flows.publish({ id: b.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('the active flow "A" already starts with the keyword "Promoção"'),
    });

    await owner.caller.flows.delete({ id: copy.id });
    await expect(owner.caller.flows.get({ id: copy.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets agents read and simulate but not edit, and hides flows from other clients', async () => {
    const flow = await owner.caller.flows.create({ name: 'Privado', document: greeting() });
    await expect(agent.caller.flows.updateDraft({ id: flow.id, expectedRevision: 1, name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await agent.caller.flows.get({ id: flow.id })).name).toBe('Privado');
    for (const call of [
      () => other.caller.flows.get({ id: flow.id }),
      () => other.caller.flows.updateDraft({ id: flow.id, expectedRevision: 1, name: 'stolen' }),
      () => other.caller.flows.publish({ id: flow.id }),
      () => other.caller.flows.delete({ id: flow.id }),
      () => other.caller.flows.export({ id: flow.id }),
      () => other.caller.flows.simulate.start({ flowId: flow.id }),
      () => other.caller.flows.analytics({ id: flow.id }),
    ])
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await other.caller.flows.list()).some((row) => row.id === flow.id)).toBe(false);
    expect((await owner.caller.flows.get({ id: flow.id })).name).toBe('Privado');
  });

  it('simulates a flow turn by turn as WhatsApp would show it, keeping the session and restarting', async () => {
    const flow = await owner.caller.flows.create({ name: 'Simulado', document: greeting() });
    const first = await agent.caller.flows.simulate.start({ flowId: flow.id, contactName: 'Ana' });
    expect(first).toMatchObject({
      status: 'waiting_input',
      currentBlockId: 'menu',
      visited: ['menu'],
      messages: [
        {
          kind: 'buttons',
          body: 'Olá Ana! Como posso ajudar?',
          buttons: [
            { id: 'menu_o1', title: 'Orçamento' },
            { id: 'menu_o2', title: 'Suporte' },
          ],
        },
      ],
    });
    const wrong = await agent.caller.flows.simulate.send({ sessionId: first.sessionId, text: 'hã?' });
    expect(wrong.messages).toEqual([{ kind: 'text', text: 'Não entendi. Por favor, escolha uma das opções.' }, first.messages[0]]);
    const picked = await agent.caller.flows.simulate.send({ sessionId: first.sessionId, text: '1' });
    expect(picked).toMatchObject({ visited: ['name'], messages: [{ kind: 'text', text: 'Seu nome?' }] });
    const done = await agent.caller.flows.simulate.send({ sessionId: first.sessionId, text: 'Bruno' });
    expect(done).toMatchObject({ status: 'completed', visited: ['s', 'thanks', 'bye'], variables: { name: 'Bruno', greeting: 'Obrigado, Bruno' } });
    expect(done.messages).toEqual([
      { kind: 'text', text: 'Obrigado, Bruno' },
      { kind: 'text', text: 'Até logo!' },
    ]);
    expect((await agent.caller.flows.simulate.send({ sessionId: first.sessionId, text: 'oi' })).notes[0]).toMatch(/restart/);
    const again = await agent.caller.flows.simulate.restart({ sessionId: first.sessionId });
    expect(again).toMatchObject({ status: 'waiting_input', currentBlockId: 'menu' });
    // Another client cannot reach the session; nothing went to WhatsApp or the database.
    await expect(other.caller.flows.simulate.send({ sessionId: first.sessionId, text: '1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { messages, flowExecutions } = server.app.db.t;
    const counts = await server.app.db.system(async (tx) => [(await tx.select().from(messages)).length, (await tx.select().from(flowExecutions)).length]);
    expect(counts).toEqual([0, 0]);
  });
});
