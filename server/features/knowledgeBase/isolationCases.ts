// Tenant isolation cases for knowledgeBase.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';
import { jobsSettled } from '#server/jobs/index.js';
import { INGEST_JOB } from './ingestion/uploadJobs.js';
import { writeChunks } from './store/writeChunks.js';

const notFound = { expect: 'denied' as const, code: 'NOT_FOUND' };

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a, server } = world;
    // Client A's knowledge: chunks stored directly (no model provider in this world), and one
    // upload job: its id is what B must not reach. It is cancelled and settled here, or its
    // retries (no provider to embed with) would change A's rows while B's calls are checked.
    const sourceId = `secret manual of ${a.slug}.md`;
    await writeChunks(server.app.db, a.clientId, {
      sourceId,
      model: 'openai/text-embedding-3-small',
      dimensions: 4,
      rows: [
        { content: `secret recipe of ${a.slug}`, metadata: { sourceFile: sourceId, title: `secret title of ${a.slug}` }, embedding: [0.5, 0.5, 0.5, 0.5] },
      ],
    });
    world.remember(a, 'knowledgeBase.sourceId', sourceId);
    world.remember(a, 'knowledgeBase.content', `secret recipe of ${a.slug}`);
    const started = await a.members.admin.caller.knowledgeBase.upload({
      fileName: `other secret of ${a.slug}.txt`,
      contentBase64: Buffer.from(`hidden text of ${a.slug}`).toString('base64'),
    });
    await a.members.admin.caller.knowledgeBase.cancel({ jobId: started.job.id });
    await jobsSettled(server.app.db, [INGEST_JOB]);
    world.remember(a, 'knowledgeBase.jobId', started.job.id);
    await a.members.admin.caller.knowledgeBase.updateSettings({ topK: 7, minScore: 0.42 });
  },
  cases: {
    'knowledgeBase.upload': {
      why: "stores the file under the caller's client, whatever its name",
      probes: ({ a }) => [
        { input: { fileName: a.data['knowledgeBase.sourceId'], contentBase64: Buffer.from('mine').toString('base64') }, as: 'admin', expect: 'allowed' },
        { input: { fileName: 'x.txt', contentBase64: Buffer.from('x').toString('base64') }, as: 'agent', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'knowledgeBase.job': {
      why: "jobs are looked up within the caller's client",
      probes: ({ a }) => [{ input: { jobId: a.data['knowledgeBase.jobId'] }, ...notFound }],
    },
    'knowledgeBase.jobs': { why: "lists the caller's client's jobs only", probes: () => [{ expect: 'allowed' }, { as: 'viewer', expect: 'allowed' }] },
    'knowledgeBase.jobProgress': {
      why: "another client's job is not found, so its progress is never streamed",
      probes: ({ a }) => [{ input: { jobId: a.data['knowledgeBase.jobId'] }, ...notFound }],
    },
    'knowledgeBase.cancel': {
      why: "cancels only the caller's client's jobs",
      probes: ({ a }) => [{ input: { jobId: a.data['knowledgeBase.jobId'] }, as: 'admin', ...notFound }],
    },
    'knowledgeBase.sources': { why: "lists the caller's client's sources only", probes: () => [{ expect: 'allowed' }, { as: 'viewer', expect: 'allowed' }] },
    'knowledgeBase.deleteSource': {
      why: "deletes chunks of the caller's client only: another client's source is not found",
      probes: ({ a }) => [{ input: { sourceId: a.data['knowledgeBase.sourceId'] }, as: 'admin', ...notFound }],
    },
    'knowledgeBase.settings': { why: "reads the caller's client's settings", probes: () => [{ expect: 'allowed' }] },
    'knowledgeBase.updateSettings': {
      why: "writes the caller's client's settings row only",
      probes: () => [
        { input: { topK: 3 }, as: 'admin', expect: 'allowed' },
        { input: { topK: 3 }, as: 'agent', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'knowledgeBase.tryQuestion': {
      why: "searches the caller's client's chunks only",
      probes: ({ a }) => [{ input: { question: a.data['knowledgeBase.content'], minScore: -1 }, as: 'agent', expect: 'allowed' }],
    },
  },
};
