// Tenant isolation cases for knowledgeBase.* (see server/testing/isolation/isolationCase.ts).
// Client A's knowledge settings are seeded; documents are not (ingesting needs an embeddings
// provider, which this world does not have), so source and job probes use ids A could have.
import { randomUUID } from 'node:crypto';
import type { FeatureIsolation } from '../../testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    await world.a.members.admin.caller.knowledgeBase.updateSettings({ topK: 7, minScore: 0.42 });
  },
  cases: {
    'knowledgeBase.upload': {
      why: 'uploads into the caller\'s client; agents cannot',
      probes: () => [{ as: 'agent', input: { fileName: 'x.txt', contentBase64: 'aGVsbG8=' }, expect: 'denied', code: 'FORBIDDEN' }],
    },
    'knowledgeBase.job': { why: 'jobs are looked up within the caller\'s client', probes: () => [{ input: { jobId: randomUUID() }, expect: 'denied', code: 'NOT_FOUND' }] },
    'knowledgeBase.jobs': { why: 'the caller\'s client\'s jobs', probes: () => [{ expect: 'allowed' }] },
    'knowledgeBase.jobProgress': { why: 'follows jobs of the caller\'s client only', probes: () => [{ input: { jobId: randomUUID() }, expect: 'denied', code: 'NOT_FOUND' }] },
    'knowledgeBase.cancel': { why: 'cancels jobs of the caller\'s client only', probes: () => [{ input: { jobId: randomUUID() }, expect: 'denied', code: 'NOT_FOUND' }] },
    'knowledgeBase.sources': { why: 'the caller\'s client\'s sources', probes: () => [{ expect: 'allowed' }, { as: 'viewer', expect: 'allowed' }] },
    'knowledgeBase.deleteSource': { why: 'deletes sources of the caller\'s client only', probes: () => [{ input: { sourceId: randomUUID() }, expect: 'denied', code: 'NOT_FOUND' }] },
    'knowledgeBase.settings': { why: 'the caller\'s client\'s settings', probes: () => [{ expect: 'allowed' }] },
    'knowledgeBase.updateSettings': { why: 'changes the caller\'s client\'s settings', probes: () => [{ input: { topK: 3 }, expect: 'allowed' }] },
    'knowledgeBase.tryQuestion': {
      why: 'searches the caller\'s client\'s knowledge only; viewers cannot',
      probes: () => [{ as: 'viewer', input: { question: 'what are the opening hours?' }, expect: 'denied', code: 'FORBIDDEN' }],
    },
  },
};
