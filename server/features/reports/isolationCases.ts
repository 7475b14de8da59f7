// Tenant isolation cases for reports.* (see server/testing/isolation/isolationCase.ts): every
// figure is counted within the caller's client; another client's team, number or agent counts nothing.
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';
import type { IsolationWorld } from '#server/testing/isolation/isolationCase.js';

const period = () => ({ from: new Date(Date.now() - 30 * 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() });
const probes = ({ a }: IsolationWorld) => [
  { as: 'admin' as const, input: period(), expect: 'allowed' as const },
  { as: 'admin' as const, input: { ...period(), phoneNumberId: a.phoneNumberId, agentId: a.members.agent.userId }, expect: 'allowed' as const },
  { as: 'agent' as const, input: period(), expect: 'denied' as const, code: 'FORBIDDEN' },
];

export const isolation: FeatureIsolation = {
  // The background fold (rollupFolder.ts) moves A's deltas into A's rollups at any moment: the same
  // figures, other rows. Nothing writes these tables but the triggers on the source tables
  // (conversations, messages, episodes, CSAT), which stay in the snapshot: a write by client B to
  // A's data would show there.
  volatileTables: ['report_rollups', 'report_rollup_deltas', 'report_time_histograms', 'report_time_histogram_deltas'],
  cases: {
    'reports.summary': { why: "counts the caller's client's rows only", probes },
    'reports.perDay': { why: "counts the caller's client's rows only", probes },
    'reports.heatmap': { why: "counts the caller's client's rows only", probes },
    'reports.byAgent': { why: "lists the caller's client's agents only", probes },
    'reports.csv': { why: "exports the caller's client's figures only", probes },
  },
};
