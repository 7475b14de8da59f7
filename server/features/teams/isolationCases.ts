// Tenant isolation cases for teams.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const team = await a.members.admin.caller.teams.create({ name: `Suporte ${a.slug}`, memberIds: [a.members.agent.userId] });
    world.remember(a, 'teams.id', team.id);
    world.remember(a, 'teams.name', team.name);
    await a.members.admin.caller.teams.setAgentLimit({ userId: a.members.agent.userId, maxOpen: 7 });
    await a.members.admin.caller.teams.setCsatSettings({ enabled: true, thanks: `Valeu ${a.slug}` });
    await a.members.admin.caller.teams.setBusinessHours({
      scope: '*',
      schedule: { timezone: 'America/Sao_Paulo', weekly: { mon: [{ from: '09:00', to: '18:00' }] }, holidays: [] },
      awayMessage: `Volte ${a.slug}`,
    });
  },
  cases: {
    'teams.list': { why: "lists the caller's client's teams only", probes: () => [{ as: 'viewer', expect: 'allowed' }] },
    'teams.create': {
      why: "creates in the caller's client; members of another client are refused",
      probes: ({ a }) => [
        { as: 'admin', input: { name: 'Equipe B' }, expect: 'allowed' },
        { as: 'admin', input: { name: 'Equipe B2', memberIds: [a.members.agent.userId] }, expect: 'denied', code: 'BAD_REQUEST' },
        { as: 'agent', input: { name: 'Equipe B3' }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'teams.update': {
      why: 'a team of another client is not found',
      probes: ({ a }) => [{ as: 'admin', input: { id: a.data['teams.id'], name: 'taken over' }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'teams.remove': {
      why: 'a team of another client is not found',
      probes: ({ a }) => [{ as: 'admin', input: { id: a.data['teams.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'teams.queue': {
      why: 'the queue of another client’s team is not found',
      probes: ({ a }) => [
        { as: 'viewer', input: { teamId: a.data['teams.id'] }, expect: 'denied', code: 'NOT_FOUND' },
        { as: 'viewer', input: { teamId: null }, expect: 'allowed' },
      ],
    },
    'teams.sendTo': {
      why: 'a team (and conversation) of another client is not found',
      probes: ({ a }) => [{ as: 'agent', input: { conversationId: a.data['teams.id'], teamId: a.data['teams.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'teams.agents': { why: "lists the caller's client's members", probes: () => [{ as: 'viewer', expect: 'allowed' }] },
    'teams.myStatus': { why: "the caller's own status", probes: () => [{ as: 'agent', expect: 'allowed' }] },
    'teams.setAvailability': {
      why: "sets the caller's own availability in their own client",
      probes: () => [{ as: 'agent', input: { availability: 'online' }, expect: 'allowed' }],
    },
    'teams.heartbeat': { why: "the caller's own sign of life", probes: () => [{ as: 'agent', expect: 'allowed' }] },
    'teams.businessHours': { why: "lists the caller's client's hours", probes: () => [{ as: 'viewer', expect: 'allowed' }] },
    'teams.setBusinessHours': {
      why: "writes the caller's client's hours; another client's number is not found",
      probes: ({ a }) => [
        { as: 'admin', input: { scope: '*', schedule: { timezone: 'UTC', weekly: {}, holidays: [] } }, expect: 'allowed' },
        { as: 'admin', input: { scope: a.phoneNumberId, schedule: { timezone: 'UTC', weekly: {}, holidays: [] } }, expect: 'denied', code: 'NOT_FOUND' },
      ],
    },
    'teams.removeBusinessHours': {
      why: "removes the caller's client's hours only",
      probes: ({ a }) => [{ as: 'admin', input: { scope: a.phoneNumberId }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'teams.csatSettings': { why: "reads the caller's client's survey settings", probes: () => [{ as: 'admin', expect: 'allowed' }] },
    'teams.setCsatSettings': {
      why: "writes the caller's client's survey settings only",
      probes: () => [
        { as: 'admin', input: { enabled: true }, expect: 'allowed' },
        { as: 'agent', input: { enabled: false }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'teams.setAgentLimit': {
      why: 'a member of another client is not found',
      probes: ({ a }) => [{ as: 'admin', input: { userId: a.members.agent.userId, maxOpen: 1 }, expect: 'denied', code: 'NOT_FOUND' }],
    },
  },
};
