// Decompression bombs and documents that take too much memory or time fail their own upload's job
// with a reason; the server keeps answering everyone else meanwhile.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { jobsSettled } from '#server/jobs/index.js';
import { parseDocumentInWorker, PARSE_LIMITS } from './parsing/parseDocumentInWorker.js';
import { docx } from './testing/documentFixtures.js';
import { docxBomb } from './testing/docxBomb.js';
import { startAiTestServer, type AiTestServer } from '../gateway/testing/startAiTestServer.js';

const b64 = (content: Buffer) => content.toString('base64');

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe('BAD_REQUEST');
  return (error as TRPCError).message;
}

describe.each(DATABASE_KINDS)('document bombs on %s', (kind) => {
  let server: AiTestServer;
  let admin: SignedIn;
  let neighbour: SignedIn;
  beforeAll(async () => {
    server = await startAiTestServer(kind);
    admin = await server.signIn({ clientId: (await server.makeClient()).id, role: 'admin' });
    neighbour = await server.signIn({ clientId: (await server.makeClient()).id, role: 'admin' });
  });
  afterAll(() => server?.dispose());

  /** The upload is accepted; its job reads the file and fails for good with the reason. */
  async function jobFailure(upload: Promise<{ job: { id: string } }>): Promise<string> {
    const { job } = await upload;
    await jobsSettled(server.app.db, ['knowledge.']);
    const view = await admin.caller.knowledgeBase.job({ jobId: job.id });
    expect(view.state).toBe('failed');
    return view.message ?? '';
  }

  it('refuses a 1 GB DOCX bomb (1 MB on the wire) before inflating it, while another tenant is served', async () => {
    const bomb = docxBomb(1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const [message, health, sources] = await Promise.all([
      jobFailure(admin.caller.knowledgeBase.upload({ fileName: 'catalogo.docx', contentBase64: b64(bomb) })),
      fetch(`${server.url}/healthz`),
      neighbour.caller.knowledgeBase.sources(),
    ]);
    expect(message).toMatch(/^document rejected: its contents would expand to more than 50 MB$/);
    expect(health.status).toBe(200);
    expect(sources).toEqual([]);
  });

  it('refuses a DOCX entry that expands more than 100:1, and one that lies about its size', async () => {
    expect(await jobFailure(admin.caller.knowledgeBase.upload({ fileName: 'ratio.docx', contentBase64: b64(docxBomb(20)) }))).toMatch(
      /^document rejected: "word\/document\.xml" would expand \d+ times \(more than 100:1\)$/,
    );
    // Declares 100 KB (a ratio that passes), inflates to 40 MB: stopped at the declared size.
    expect(await jobFailure(admin.caller.knowledgeBase.upload({ fileName: 'liar.docx', contentBase64: b64(docxBomb(40, 100 * 1024)) }))).toBe(
      'document rejected: "word/document.xml" is larger than its declared size',
    );
  });

  it('still reads an ordinary DOCX through the worker', async () => {
    const started = await admin.caller.knowledgeBase.upload({
      fileName: 'ok.docx',
      contentBase64: b64(await docx([{ heading: 1, text: 'Loja' }, 'Abrimos às 9h.'])),
    });
    await jobsSettled(server.app.db, ['knowledge.']);
    expect(await admin.caller.knowledgeBase.job({ jobId: started.job.id })).toMatchObject({ state: 'done', chunksTotal: 1 });
  });
});

describe('parsing in a worker with limits', () => {
  it('stops a parse that needs more heap than allowed, or more time, with a reason', async () => {
    const file = await docx(['Abrimos às 9h.']);
    // 8 MB, not less: below what V8 needs to start an isolate, Node 24 aborts the whole process
    // (the test runner's worker with it) instead of failing the worker with ERR_WORKER_OUT_OF_MEMORY.
    expect(await refusal(parseDocumentInWorker('big.docx', file, { ...PARSE_LIMITS, heapMb: 8 }))).toMatch(
      /^big\.docx: document rejected: (reading it needs more than 8 MB of memory|it could not be read)/,
    );
    expect(await refusal(parseDocumentInWorker('slow.docx', file, { ...PARSE_LIMITS, timeMs: 1 }))).toBe(
      'slow.docx: document rejected: reading it took longer than 1 s',
    );
    const ok = await parseDocumentInWorker('fine.docx', file);
    expect(ok.document.blocks).toEqual([{ kind: 'paragraph', text: 'Abrimos às 9h.' }]);
  });
});
