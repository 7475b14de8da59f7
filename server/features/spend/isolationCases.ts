// Tenant isolation cases for spend.* (see server/testing/isolation/isolationCase.ts).
import { platformAdminOnly, type FeatureIsolation, type IsolationCase } from '#server/testing/isolation/isolationCase.js';

const ownFigures = (extra: Record<string, unknown> = {}): IsolationCase => ({
  why: "figures of the caller's own client (admins)",
  probes: () => [
    { input: { period: { preset: 'last30' }, ...extra }, expect: 'allowed' },
    { as: 'agent', input: { period: { preset: 'last30' }, ...extra }, expect: 'denied', code: 'FORBIDDEN' },
    { as: 'viewer', input: { period: { preset: 'last30' }, ...extra }, expect: 'denied', code: 'FORBIDDEN' },
  ],
});

export const isolation: FeatureIsolation = {
  cases: {
    'spend.summary': ownFigures(),
    'spend.perDay': ownFigures(),
    'spend.byModel': ownFigures(),
    'spend.byProvider': ownFigures(),
    'spend.cache': ownFigures(),
    'spend.fallbacks': ownFigures(),
    'spend.topConversations': ownFigures({ limit: 100 }),
    'spend.clients': platformAdminOnly(),
  },
};
