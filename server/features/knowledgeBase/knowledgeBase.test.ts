// The knowledge base through its tRPC procedures, with embeddings from the fake model server via
// the real gateway, on SQLite and PostgreSQL.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { retrievePassages } from '../botReply/retrievalHook.js';
import { jobsSettled } from '#server/jobs/index.js';
import type { JobView } from './ingestion/jobView.js';
import { docx, pdfWithoutText, pdfWithText } from './testing/documentFixtures.js';
import { BAKERY_HANDBOOK, BAKERY_QUESTIONS } from './testing/knowledgeCorpus.js';
import { startAiTestServer, type AiTestServer } from '../gateway/testing/startAiTestServer.js';

const b64 = (content: string | Buffer) => Buffer.from(content).toString('base64');

/** Follows a job through the jobProgress subscription until it ends; returns every view seen. */
async function follow(user: SignedIn, jobId: string): Promise<JobView[]> {
  const views: JobView[] = [];
  const stream = await user.caller.knowledgeBase.jobProgress({ jobId });
  for await (const view of stream as AsyncIterable<JobView>) views.push(view);
  return views;
}

describe.each(DATABASE_KINDS)('knowledge base on %s', (kind) => {
  let server: AiTestServer;
  let clientA: string;
  let clientB: string;
  let adminA: SignedIn;
  let adminB: SignedIn;

  beforeAll(async () => {
    server = await startAiTestServer(kind);
    clientA = (await server.makeClient()).id;
    clientB = (await server.makeClient()).id;
    adminA = await server.signIn({ clientId: clientA, role: 'admin' });
    adminB = await server.signIn({ clientId: clientB, role: 'admin' });
  }, 60_000);
  afterAll(() => server?.dispose());

  it('ingests a Markdown file with progress, and answers questions with the right section first', async () => {
    const started = await adminA.caller.knowledgeBase.upload({ fileName: 'Manual da Padaria.md', contentBase64: b64(BAKERY_HANDBOOK), tags: ['loja'] });
    expect(started.sourceId).toBe('manual da padaria.md');
    const views = await follow(adminA, started.job.id);
    expect(views.at(-1)).toMatchObject({ state: 'done', chunksDone: 5, chunksTotal: 5, fileName: 'Manual da Padaria.md' });

    const sources = await adminA.caller.knowledgeBase.sources();
    expect(sources).toEqual([
      expect.objectContaining({
        sourceId: 'manual da padaria.md',
        fileName: 'Manual da Padaria.md',
        format: 'markdown',
        chunks: 5,
        tags: ['loja'],
        title: 'Padaria Doce Lar',
        embeddingModel: 'openai/text-embedding-3-small',
        embeddingDimensions: 256,
      }),
    ]);

    for (const { question, section } of BAKERY_QUESTIONS) {
      const answer = await adminA.caller.knowledgeBase.tryQuestion({ question, minScore: -1 });
      expect(answer.chunks[0]?.title, question).toBe(`Padaria Doce Lar › ${section}`);
      expect(answer.chunks[0]!.score).toBeGreaterThan(answer.chunks[1]?.score ?? -1);
      expect(answer.chunks[0]!.sourceFile).toBe('Manual da Padaria.md');
    }

    // Embedding calls went through the gateway: logged with their api_type and model.
    const { gatewayUsageLogs } = server.app.db.t;
    const logs = await server.app.db.tenant(clientA, (tx) =>
      tx
        .select()
        .from(gatewayUsageLogs)
        .where(and(eq(gatewayUsageLogs.clientId, clientA), eq(gatewayUsageLogs.apiType, 'embeddings'))),
    );
    expect(logs.length).toBeGreaterThanOrEqual(1 + BAKERY_QUESTIONS.length);
    expect(logs.every((log) => log.modelName === 'text-embedding-3-small')).toBe(true);
    expect(logs.some((log) => Number(log.costUsd) > 0)).toBe(true);
  });

  it("searches only the asking client's chunks", async () => {
    const mine = await adminB.caller.knowledgeBase.upload({
      fileName: 'oficina.txt',
      contentBase64: b64('Trocamos o óleo do carro em 30 minutos.\n\nAlinhamento e balanceamento às terças.'),
    });
    await follow(adminB, mine.job.id);
    // B asks A's question: only B's chunks can come back, whatever their score.
    const answer = await adminB.caller.knowledgeBase.tryQuestion({ question: 'Quanto custa a taxa de entrega nos bairros?', minScore: -1, topK: 20 });
    expect(answer.chunks.length).toBeGreaterThan(0);
    expect(answer.chunks.every((chunk) => chunk.sourceFile === 'oficina.txt')).toBe(true);
    expect((await adminB.caller.knowledgeBase.sources()).map((source) => source.sourceId)).toEqual(['oficina.txt']);
    // And B cannot delete A's source, nor read or cancel A's jobs.
    await expect(adminB.caller.knowledgeBase.deleteSource({ sourceId: 'manual da padaria.md' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const jobsOfA = await adminA.caller.knowledgeBase.jobs();
    await expect(adminB.caller.knowledgeBase.job({ jobId: jobsOfA[0]!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(adminB.caller.knowledgeBase.cancel({ jobId: jobsOfA[0]!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await adminA.caller.knowledgeBase.sources()).toHaveLength(1);
  });

  it('applies the score threshold and the keyword filter on metadata', async () => {
    const strict = await adminA.caller.knowledgeBase.tryQuestion({ question: 'Quanto custa a taxa de entrega nos bairros?', minScore: 0.99 });
    expect(strict.chunks).toEqual([]);
    const filtered = await adminA.caller.knowledgeBase.tryQuestion({ question: 'Quanto custa a taxa de entrega?', minScore: -1, keyword: 'PAGAMENTO' });
    expect(filtered.chunks.map((chunk) => chunk.title)).toEqual(['Padaria Doce Lar › Pagamento']);
    const byTag = await adminA.caller.knowledgeBase.tryQuestion({ question: 'entrega', minScore: -1, keyword: 'loja', topK: 10 });
    expect(byTag.chunks).toHaveLength(5);
    const noMatch = await adminA.caller.knowledgeBase.tryQuestion({ question: 'entrega', minScore: -1, keyword: '100%_' });
    expect(noMatch.chunks).toEqual([]);
  });

  it('serves the bot reply through its retrieval hook, and logs which chunks were used', async () => {
    const conversationId = await server.app.db.tenant(clientA, async (tx) => {
      const [row] = await tx.insert(server.app.db.t.conversations).values({ clientId: clientA, phone: '5511955550000' }).returning();
      return row!.id;
    });
    const passages = await retrievePassages(server.app, {
      clientId: clientA,
      conversationId,
      phone: '5511955550000',
      query: 'Vocês aceitam cheque ou vale-refeição?',
    });
    expect(passages.length).toBeGreaterThan(0);
    expect(passages[0]!.content).toContain('Não aceitamos cheque');
    expect(passages[0]!.source).toMatch(/^Manual da Padaria\.md #\d+$/);
    const { executionLogs } = server.app.db.t;
    const [log] = await server.app.db.tenant(clientA, (tx) =>
      tx
        .select()
        .from(executionLogs)
        .where(and(eq(executionLogs.clientId, clientA), eq(executionLogs.conversationId, conversationId))),
    );
    expect(log).toMatchObject({
      nodeName: 'knowledge_retrieval',
      status: 'success',
      inputData: { question: 'Vocês aceitam cheque ou vale-refeição?', caller: 'bot' },
    });
    const used = (log!.outputData as { chunks: Array<{ id: number; score: number; title: string }> }).chunks;
    expect(used.map((chunk) => `${chunk.id}`)).toEqual(passages.map((passage) => passage.source!.split('#')[1]));
    expect(used[0]!.title).toBe('Padaria Doce Lar › Pagamento');
    // Switched off: the bot gets nothing and no embedding is paid for.
    await adminA.caller.knowledgeBase.updateSettings({ enabled: false });
    expect(await retrievePassages(server.app, { clientId: clientA, conversationId, phone: '5511955550000', query: 'cheque' })).toEqual([]);
    await adminA.caller.knowledgeBase.updateSettings({ enabled: true });
  });

  it('re-uploading a file replaces its chunks; an identical re-upload embeds nothing', async () => {
    const before = server.fake.requests.filter((request) => request.path === '/embeddings').length;
    const same = await adminA.caller.knowledgeBase.upload({ fileName: 'Manual da Padaria.md', contentBase64: b64(BAKERY_HANDBOOK), tags: ['loja'] });
    expect((await follow(adminA, same.job.id)).at(-1)).toMatchObject({ state: 'done', unchanged: true });
    expect(server.fake.requests.filter((request) => request.path === '/embeddings').length).toBe(before);

    const revised = BAKERY_HANDBOOK.replace('8 reais no centro', '10 reais no centro').replace(/## Pagamento[\s\S]*$/, '');
    const second = await adminA.caller.knowledgeBase.upload({ fileName: 'manual da padaria.MD', contentBase64: b64(revised) });
    expect(second.sourceId).toBe('manual da padaria.md');
    expect((await follow(adminA, second.job.id)).at(-1)).toMatchObject({ state: 'done', chunksDone: 4 });
    const sources = await adminA.caller.knowledgeBase.sources();
    expect(sources).toEqual([expect.objectContaining({ sourceId: 'manual da padaria.md', fileName: 'manual da padaria.MD', chunks: 4 })]);
    const answer = await adminA.caller.knowledgeBase.tryQuestion({ question: 'taxa de entrega no centro', minScore: -1, topK: 20 });
    const contents = answer.chunks.map((chunk) => chunk.content).join('\n');
    expect(contents).toContain('10 reais no centro');
    expect(contents).not.toContain('8 reais no centro');
    expect(contents).not.toContain('Não aceitamos cheque');
  });

  it('reads PDF and DOCX uploads, and fails a PDF without text with the reason', async () => {
    const pdf = await adminA.caller.knowledgeBase.upload({
      fileName: 'garantia.pdf',
      contentBase64: b64(await pdfWithText([['A garantia dos fornos é de um ano.'], ['Assistência técnica em São Paulo.']])),
    });
    expect((await follow(adminA, pdf.job.id)).at(-1)?.state).toBe('done');
    const answer = await adminA.caller.knowledgeBase.tryQuestion({ question: 'garantia dos fornos', minScore: -1, sourceIds: ['garantia.pdf'] });
    expect(answer.chunks[0]).toMatchObject({ sourceFile: 'garantia.pdf', pages: [1, 2] });

    const word = await adminA.caller.knowledgeBase.upload({
      fileName: 'cardapio.docx',
      contentBase64: b64(await docx([{ heading: 1, text: 'Cardápio' }, 'Pão de queijo quentinho toda manhã.'])),
    });
    expect((await follow(adminA, word.job.id)).at(-1)?.state).toBe('done');
    const bread = await adminA.caller.knowledgeBase.tryQuestion({ question: 'pão de queijo', minScore: -1, topK: 1 });
    expect(bread.chunks[0]).toMatchObject({ sourceFile: 'cardapio.docx', title: 'Cardápio' });

    // Read by the job: a file no parser can use is a permanent failure (no retries), its reason on the job.
    const scan = await adminA.caller.knowledgeBase.upload({ fileName: 'scan.pdf', contentBase64: b64(await pdfWithoutText(1)) });
    expect((await follow(adminA, scan.job.id)).at(-1)).toMatchObject({ state: 'failed', message: expect.stringMatching(/^the PDF has no text layer/) });
    expect(await adminA.caller.knowledgeBase.job({ jobId: scan.job.id })).toMatchObject({ state: 'failed', fileName: 'scan.pdf' });
    const { jobs, knowledgeUploads } = server.app.db.t;
    await expect
      .poll(async () => (await server.app.db.system((tx) => tx.select().from(jobs).where(eq(jobs.id, scan.job.id))))[0])
      .toMatchObject({ status: 'dead', attempts: 1 });
    expect(await server.app.db.tenant(clientA, (tx) => tx.select().from(knowledgeUploads).where(eq(knowledgeUploads.clientId, clientA)))).toEqual([]);
    expect((await adminA.caller.knowledgeBase.sources()).map((source) => source.sourceId)).not.toContain('scan.pdf');
    await expect(adminA.caller.knowledgeBase.upload({ fileName: 'empty.txt', contentBase64: '' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'empty.txt: the file is empty',
    });
    await expect(adminA.caller.knowledgeBase.upload({ fileName: 'x.txt', contentBase64: 'not base64!' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('deletes a source with its chunks', async () => {
    const result = await adminA.caller.knowledgeBase.deleteSource({ sourceId: 'cardapio.docx' });
    expect(result).toEqual({ deletedChunks: 1, cancelledUploads: 0 });
    expect((await adminA.caller.knowledgeBase.sources()).map((source) => source.sourceId)).not.toContain('cardapio.docx');
    const { documents } = server.app.db.t;
    const rows = await server.app.db.tenant(clientA, (tx) =>
      tx
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.clientId, clientA), eq(documents.sourceId, 'cardapio.docx'))),
    );
    expect(rows).toEqual([]);
    await expect(adminA.caller.knowledgeBase.deleteSource({ sourceId: 'cardapio.docx' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('cancels a long upload: nothing of it is stored and the previous version stays', async () => {
    const before = await adminA.caller.knowledgeBase.sources();
    server.fake.setDefault('text-embedding-3-small', { kind: 'ok', latencyMs: 150 });
    try {
      const long = Array.from({ length: 3000 }, (_, i) => `Paragrafo ${i}: o forno numero ${i} assa ${i % 7} fornadas por hora.`).join('\n\n');
      const started = await adminA.caller.knowledgeBase.upload({ fileName: 'Manual da Padaria.md', contentBase64: b64(long) });
      const views: JobView[] = [];
      const stream = await adminA.caller.knowledgeBase.jobProgress({ jobId: started.job.id });
      for await (const view of stream as AsyncIterable<JobView>) {
        views.push(view);
        if (view.chunksDone > 0 && view.state === 'running') await adminA.caller.knowledgeBase.cancel({ jobId: started.job.id });
      }
      expect(views.at(-1)).toMatchObject({ state: 'cancelled', message: 'cancelled by the user' });
      expect(views.at(-1)!.chunksTotal).toBeGreaterThan(64);
      expect(views.at(-1)!.chunksDone).toBeLessThan(views.at(-1)!.chunksTotal);
      expect(await adminA.caller.knowledgeBase.sources()).toEqual(before);
      // The handler stops at its next checkpoint and removes what it staged; the job ends done, not dead.
      await jobsSettled(server.app.db, ['knowledge.']);
      const { jobs, knowledgeUploads } = server.app.db.t;
      expect((await server.app.db.system((tx) => tx.select().from(jobs).where(eq(jobs.id, started.job.id))))[0]).toMatchObject({ status: 'done' });
      expect(await server.app.db.tenant(clientA, (tx) => tx.select().from(knowledgeUploads).where(eq(knowledgeUploads.clientId, clientA)))).toEqual([]);
      const { documents } = server.app.db.t;
      const staged = await server.app.db.tenant(clientA, (tx) =>
        tx.select({ id: documents.id, sourceId: documents.sourceId }).from(documents).where(eq(documents.clientId, clientA)),
      );
      expect(staged.filter((row) => row.sourceId?.startsWith('staging:'))).toEqual([]);
      await expect(adminA.caller.knowledgeBase.cancel({ jobId: started.job.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    } finally {
      server.fake.reset();
    }
  });

  it('a failing embeddings provider fails the job with the reason and keeps the stored knowledge', async () => {
    const before = await adminA.caller.knowledgeBase.sources();
    server.fake.script('text-embedding-3-small', [{ kind: 'error', status: 400, message: 'input too long for this model' }]);
    const started = await adminA.caller.knowledgeBase.upload({ fileName: 'Manual da Padaria.md', contentBase64: b64('# Novo\n\nConteúdo novo.') });
    const last = (await follow(adminA, started.job.id)).at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.message).toMatch(/input too long/);
    expect(await adminA.caller.knowledgeBase.sources()).toEqual(before);
    server.fake.reset();
  });

  it('changing the embedding model re-embeds every chunk with progress, then searches with the new model', async () => {
    const before = await adminA.caller.knowledgeBase.sources();
    const total = before.reduce((sum, source) => sum + source.chunks, 0);
    const changed = await adminA.caller.knowledgeBase.updateSettings({ embeddingModel: 'text-embedding-3-large', embeddingDimensions: 512 });
    expect(changed.settings.embeddingModel).toBe('openai/text-embedding-3-small'); // switches only when done
    const views = await follow(adminA, changed.job!.id);
    expect(views.at(-1)).toMatchObject({ kind: 'reembed', state: 'done', chunksDone: total, chunksTotal: total });
    const settings = await adminA.caller.knowledgeBase.settings();
    expect(settings).toMatchObject({ embeddingModel: 'openai/text-embedding-3-large', embeddingDimensions: 512 });
    const after = await adminA.caller.knowledgeBase.sources();
    expect(after.map((source) => [source.sourceId, source.chunks, source.embeddingModel, source.embeddingDimensions])).toEqual(
      before.map((source) => [source.sourceId, source.chunks, 'openai/text-embedding-3-large', 512]),
    );
    const answer = await adminA.caller.knowledgeBase.tryQuestion({ question: 'Quanto custa a taxa de entrega no centro?', minScore: -1 });
    expect(answer.model).toBe('openai/text-embedding-3-large');
    expect(answer.chunks[0]!.content).toContain('10 reais no centro');
    await expect(adminA.caller.knowledgeBase.updateSettings({ embeddingModel: 'no-such-embedding-model' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a question sees an upload, a re-upload and a deletion as soon as each is done', async () => {
    const ask = async () =>
      (await adminB.caller.knowledgeBase.tryQuestion({ question: 'Quando abre a loja de pneus do Zé?', minScore: -1, topK: 20 })).chunks.filter(
        (chunk) => chunk.sourceFile === 'pneus.txt',
      );
    expect(await ask()).toEqual([]);
    await follow(adminB, (await adminB.caller.knowledgeBase.upload({ fileName: 'pneus.txt', contentBase64: b64('A loja de pneus do Zé abre às 6h.') })).job.id);
    expect((await ask()).map((chunk) => chunk.content)).toEqual([expect.stringContaining('abre às 6h')]);
    await follow(adminB, (await adminB.caller.knowledgeBase.upload({ fileName: 'pneus.txt', contentBase64: b64('A loja de pneus do Zé abre às 9h.') })).job.id);
    expect((await ask()).map((chunk) => chunk.content)).toEqual([expect.stringContaining('abre às 9h')]);
    await adminB.caller.knowledgeBase.deleteSource({ sourceId: 'pneus.txt' });
    expect(await ask()).toEqual([]);
  });

  it('only administrators change the knowledge; viewers read it; agents try questions', async () => {
    const viewer = await server.signIn({ clientId: clientA, role: 'viewer' });
    const agent = await server.signIn({ clientId: clientA, role: 'agent' });
    await expect(viewer.caller.knowledgeBase.upload({ fileName: 'a.txt', contentBase64: b64('x') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(agent.caller.knowledgeBase.deleteSource({ sourceId: 'garantia.pdf' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.caller.knowledgeBase.tryQuestion({ question: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await viewer.caller.knowledgeBase.sources()).length).toBeGreaterThan(0);
    expect((await agent.caller.knowledgeBase.tryQuestion({ question: 'garantia', minScore: -1 })).chunks.length).toBeGreaterThan(0);
  });
});
