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
  cases: {
    'reports.summary': { why: "counts the caller's client's rows only", probes },
    'reports.perDay': { why: "counts the caller's client's rows only", probes },
    'reports.heatmap': { why: "counts the caller's client's rows only", probes },
    'reports.byAgent': { why: "lists the caller's client's agents only", probes },
    'reports.csv': { why: "exports the caller's client's figures only", probes },
  },
};
