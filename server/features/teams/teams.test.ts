// Teams, routing and automatic assignment through signed webhooks and tRPC on both databases: a
// flow's handoff block names a team (or the number's default team takes it); online members get
// conversations round robin or least busy, within their limit; two hand-offs racing for one free
// agent give it one; an agent going offline (by hand or by silence) gives their chats back.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { WEEKDAYS, describeReturn, localParts, nextOpening, scheduleSchema } from '#shared/teams/businessHours.js';
import { AWAY_AFTER_MS, OFFLINE_AFTER_MS, sweepIdleAgents } from './agentAvailability.js';

let counter = 0;
const newPhone = () => `55118${String(Date.now()).slice(-6)}${String(++counter).padStart(2, '0')}`;

describe.each(DATABASE_KINDS)('teams and assignment on %s', (kind) => {
  let kit: WhatsAppKit;
  const otherResponders = RESPONDERS.filter((responder) => responder.name !== 'flows');
  beforeAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...RESPONDERS.filter((responder) => responder.name === 'flows'));
    kit = await startWhatsAppKit(kind);
  });
  afterAll(async () => {
    RESPONDERS.push(...otherResponders);
    await kit?.dispose();
  });

  /** A client whose keyword `keyword` runs a flow that says hello and hands off (to `teamId`, or the number's default). */
  async function tenant(agents = 2) {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const members: SignedIn[] = [];
    for (let index = 0; index < agents; index++) members.push(await kit.server.signIn({ clientId: client.id, role: 'agent' }));
    return { client, admin, members };
  }
  async function handoffFlow(admin: SignedIn, keyword: string, teamId?: string) {
    const document = flowFixture([message('hi', 'Já vou chamar alguém'), { id: 'h', type: 'handoff', data: teamId ? { teamId } : {} }], [['hi', 'h']]);
    const flow = await admin.caller.flows.create({
      name: `Fluxo ${++counter}`,
      document,
      triggerType: 'keyword',
      triggerKeywords: [keyword],
      triggerQrCode: null,
    });
    await admin.caller.flows.publish({ id: flow.id });
    await admin.caller.flows.activate({ id: flow.id });
  }
  const say = async (phoneNumberId: string, phone: string, text: string) => {
    const response = await kit.deliver(envelope(phoneNumberId, { contacts: [contact(phone, 'Caio Reis')], messages: [inbound.text(phone, text)] }));
    expect(response.status).toBe(200);
    await kit.settle();
  };
  const conversation = async (clientId: string, phone: string) => {
    const { conversations } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone))),
    );
    return row!;
  };

  it('creates, renames and deletes teams with members of the client only, refusing duplicate names', async () => {
    const { admin, members } = await tenant();
    const other = await tenant(1);
    const team = await admin.caller.teams.create({ name: ' Vendas ', assignment: 'least_busy', memberIds: [members[0]!.userId] });
    expect(team).toMatchObject({ name: 'Vendas', assignment: 'least_busy', reassignOnOffline: true, memberIds: [members[0]!.userId], waiting: 0 });
    await expect(admin.caller.teams.create({ name: 'Vendas' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(admin.caller.teams.create({ name: 'Outros', memberIds: [other.members[0]!.userId] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'every member must be an active member of this client',
    });
    await expect(members[0]!.caller.teams.create({ name: 'Suporte' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const renamed = await admin.caller.teams.update({ id: team.id, name: 'Vendas SP', memberIds: members.map((member) => member.userId) });
    expect(renamed.name).toBe('Vendas SP');
    expect([...renamed.memberIds].sort()).toEqual(members.map((member) => member.userId).sort());
    await expect(other.admin.caller.teams.update({ id: team.id, name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await other.admin.caller.teams.list()).toEqual([]);
    await admin.caller.teams.remove({ id: team.id });
    expect(await admin.caller.teams.list()).toEqual([]);
    await expect(admin.caller.teams.remove({ id: team.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("routes a flow's handoff to the team it names, round robin among online members, queueing when nobody is free", async () => {
    const { client, admin, members } = await tenant(3);
    const [ana, bia, caio] = members as [SignedIn, SignedIn, SignedIn];
    const team = await admin.caller.teams.create({ name: 'Suporte', assignment: 'round_robin', memberIds: [ana.userId, bia.userId, caio.userId] });
    await handoffFlow(admin, 'suporte', team.id);
    await ana.caller.teams.setAvailability({ availability: 'online' });
    await bia.caller.teams.setAvailability({ availability: 'online' });
    // Caio is offline (never switched on): he gets nothing.
    await admin.caller.teams.setAgentLimit({ userId: ana.userId, maxOpen: 1 });
    await admin.caller.teams.setAgentLimit({ userId: bia.userId, maxOpen: 1 });

    const phones = [newPhone(), newPhone(), newPhone()];
    for (const phone of phones) await say(client.phoneNumberId, phone, 'suporte');
    const rows = await Promise.all(phones.map((phone) => conversation(client.id, phone)));
    expect(rows.map((row) => row.teamId)).toEqual([team.id, team.id, team.id]);
    expect(rows.slice(0, 2).map((row) => row.status)).toEqual(['humano', 'humano']);
    expect(new Set(rows.slice(0, 2).map((row) => row.assignedTo))).toEqual(new Set([ana.userId, bia.userId]));
    expect(rows[2]).toMatchObject({ status: 'transferido', assignedTo: null });
    expect(rows[2]!.queuedAt).toBeInstanceOf(Date);

    const queue = await ana.caller.teams.queue({ teamId: team.id });
    expect(queue.map((entry) => entry.conversationId)).toEqual([rows[2]!.id]);
    expect(queue[0]!.waitingSeconds).toBeGreaterThanOrEqual(0);
    expect((await admin.caller.teams.list())[0]).toMatchObject({ waiting: 1 });
    const filtered = await ana.caller.conversations.list({ teamId: team.id, assigned: 'unassigned' });
    expect(filtered.items.map((item) => item.id)).toEqual([rows[2]!.id]);

    // Ana resolves hers: the slot it frees goes to the waiting one at once, no heartbeat needed.
    const anas = rows.find((row) => row.assignedTo === ana.userId)!;
    await ana.caller.conversations.resolve({ conversationId: anas.id });
    await vi.waitFor(
      async () => expect(await conversation(client.id, phones[2]!)).toMatchObject({ status: 'humano', assignedTo: ana.userId, queuedAt: null }),
      {
        timeout: 10_000,
      },
    );
    expect(await ana.caller.teams.queue({ teamId: team.id })).toEqual([]);
  });

  it("gives the number's default team a handoff that names none, least busy first", async () => {
    const { client, admin, members } = await tenant(2);
    const [ana, bia] = members as [SignedIn, SignedIn];
    const team = await admin.caller.teams.create({ name: 'Vendas', assignment: 'least_busy', memberIds: [ana.userId, bia.userId] });
    const main = (await admin.caller.numbers.list()).find((number) => number.phoneNumberId === client.phoneNumberId)!;
    await admin.caller.numbers.update({ id: main.id, defaultTeamId: team.id });
    await handoffFlow(admin, 'vendas');
    await ana.caller.teams.setAvailability({ availability: 'online' });
    const first = newPhone();
    await say(client.phoneNumberId, first, 'vendas');
    expect(await conversation(client.id, first)).toMatchObject({ teamId: team.id, assignedTo: ana.userId });
    await bia.caller.teams.setAvailability({ availability: 'online' });
    // Ana has one open, Bia none: Bia, twice, then Ana (one each) and so on.
    const next = [newPhone(), newPhone()];
    for (const phone of next) await say(client.phoneNumberId, phone, 'vendas');
    const assignees = await Promise.all(next.map(async (phone) => (await conversation(client.id, phone)).assignedTo));
    expect(assignees[0]).toBe(bia.userId);
    expect([ana.userId, bia.userId]).toContain(assignees[1]);
    const agents = await admin.caller.teams.agents();
    expect(agents.find((agent) => agent.userId === ana.userId)).toMatchObject({ availability: 'online', teamIds: [team.id] });
    expect(agents.reduce((sum, agent) => sum + agent.open, 0)).toBe(3);
  });

  it('gives two conversations racing for one free agent only one of them', async () => {
    const { client, admin, members } = await tenant(1);
    const [ana] = members as [SignedIn];
    const team = await admin.caller.teams.create({ name: 'Plantão', assignment: 'round_robin', memberIds: [ana.userId] });
    await admin.caller.teams.setAgentLimit({ userId: ana.userId, maxOpen: 1 });
    // Two conversations with the bot (no team yet).
    const phones = [newPhone(), newPhone()];
    for (const phone of phones) await say(client.phoneNumberId, phone, 'oi');
    const rows = await Promise.all(phones.map((phone) => conversation(client.id, phone)));
    await ana.caller.teams.setAvailability({ availability: 'online' });
    const results = await Promise.all(rows.map((row) => admin.caller.teams.sendTo({ conversationId: row.id, teamId: team.id })));
    expect(results.filter((row) => row.assignedTo === ana.userId)).toHaveLength(1);
    expect(results.filter((row) => row.status === 'transferido' && row.assignedTo === null)).toHaveLength(1);
    const after = await Promise.all(phones.map((phone) => conversation(client.id, phone)));
    expect(after.filter((row) => row.status === 'humano')).toHaveLength(1);
  });

  it('gives an agent going offline their chats back to the team, and lowers silent agents to away then offline', async () => {
    const { client, admin, members } = await tenant(2);
    const [ana, bia] = members as [SignedIn, SignedIn];
    const team = await admin.caller.teams.create({ name: 'Suporte', memberIds: [ana.userId, bia.userId] });
    await handoffFlow(admin, 'ajuda', team.id);
    await ana.caller.teams.setAvailability({ availability: 'online' });
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'ajuda');
    expect(await conversation(client.id, phone)).toMatchObject({ assignedTo: ana.userId, status: 'humano' });
    await bia.caller.teams.setAvailability({ availability: 'online' });
    await ana.caller.teams.setAvailability({ availability: 'offline' });
    expect(await conversation(client.id, phone)).toMatchObject({ assignedTo: bia.userId, status: 'humano' });

    // Silence: away after AWAY_AFTER_MS, offline after OFFLINE_AFTER_MS; then the chat waits in the queue (nobody else online).
    const seen = new Date((await bia.caller.teams.myStatus()).lastSeenAt!);
    await sweepIdleAgents(kit.server.app, new Date(seen.getTime() + AWAY_AFTER_MS + 1000));
    expect(await bia.caller.teams.myStatus()).toMatchObject({ availability: 'away' });
    expect(await conversation(client.id, phone)).toMatchObject({ assignedTo: bia.userId });
    await sweepIdleAgents(kit.server.app, new Date(seen.getTime() + OFFLINE_AFTER_MS + 1000));
    expect(await bia.caller.teams.myStatus()).toMatchObject({ availability: 'offline' });
    expect(await conversation(client.id, phone)).toMatchObject({ assignedTo: null, status: 'transferido', teamId: team.id });

    // A team that keeps chats with their person when they go offline.
    await admin.caller.teams.update({ id: team.id, reassignOnOffline: false });
    await ana.caller.teams.setAvailability({ availability: 'online' });
    expect(await conversation(client.id, phone)).toMatchObject({ assignedTo: ana.userId });
    await ana.caller.teams.setAvailability({ availability: 'offline' });
    expect(await conversation(client.id, phone)).toMatchObject({ assignedTo: ana.userId, status: 'humano' });
  });

  it("tells a customer handed off outside business hours when agents return; a number's own hours win over the client's", async () => {
    const { client, admin, members } = await tenant(1);
    const team = await admin.caller.teams.create({ name: 'Noite', memberIds: [members[0]!.userId] });
    await handoffFlow(admin, 'atendente', team.id);
    // Open only tomorrow (São Paulo's calendar), 09:00–10:00: closed now whatever the time.
    const today = localParts(new Date(), 'America/Sao_Paulo').weekday;
    const tomorrow = WEEKDAYS[(WEEKDAYS.indexOf(today) + 1) % 7]!;
    const schedule = scheduleSchema.parse({ timezone: 'America/Sao_Paulo', weekly: { [tomorrow]: [{ from: '09:00', to: '10:00' }] }, holidays: [] });
    await expect(admin.caller.teams.setBusinessHours({ scope: '*', schedule: { ...schedule, timezone: 'Mars/Base' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await admin.caller.teams.setBusinessHours({ scope: '*', schedule, awayMessage: 'Fora do horário. Voltamos {{retorno}}.' });
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'atendente');
    const expected = `Fora do horário. Voltamos ${describeReturn(nextOpening(schedule, new Date())!, 'America/Sao_Paulo')}.`;
    const texts = kit.graph.sent.filter((sent) => sent.to === phone).map((sent) => (sent.body.text as { body: string }).body);
    expect(texts).toEqual(['Já vou chamar alguém', expected]);
    expect(await conversation(client.id, phone)).toMatchObject({ status: 'transferido', teamId: team.id });

    // The number's own hours (switched off: always open) win: no away message.
    await admin.caller.teams.setBusinessHours({ scope: client.phoneNumberId, enabled: false, schedule });
    expect((await admin.caller.teams.businessHours()).map((row) => [row.scope, row.enabled])).toEqual([
      ['*', true],
      [client.phoneNumberId, false],
    ]);
    const second = newPhone();
    await say(client.phoneNumberId, second, 'atendente');
    expect(kit.graph.sent.filter((sent) => sent.to === second)).toHaveLength(1);
    await admin.caller.teams.removeBusinessHours({ scope: client.phoneNumberId });

    // An old chat (the 24-hour window closed) sent to the team by hand outside hours: queued, without the away message.
    const old = newPhone();
    await say(client.phoneNumberId, old, 'bom dia');
    const { conversations } = kit.server.app.db.t;
    const stale = await conversation(client.id, old);
    await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .update(conversations)
        .set({ lastInboundAt: new Date(Date.now() - 25 * 3600_000) })
        .where(and(eq(conversations.id, stale.id), eq(conversations.clientId, client.id))),
    );
    expect(await admin.caller.teams.sendTo({ conversationId: stale.id, teamId: team.id })).toMatchObject({ status: 'transferido', teamId: team.id });
    await kit.settle();
    expect(kit.graph.sent.filter((sent) => sent.to === old)).toHaveLength(0);
    await expect(admin.caller.teams.setBusinessHours({ scope: '999', schedule })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("hands a chat with the bot to the team whose keyword the customer wrote (the bot's handoff)", async () => {
    const { client, admin, members } = await tenant(1);
    const [ana] = members as [SignedIn];
    await expect(admin.caller.teams.create({ name: 'X', keywords: ['a'.repeat(41)] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const vendas = await admin.caller.teams.create({ name: 'Vendas', keywords: [' Orçamento ', 'orcamento', 'comprar'], memberIds: [ana.userId] });
    expect(vendas.keywords).toEqual(['Orçamento', 'comprar']);
    await ana.caller.teams.setAvailability({ availability: 'online' });
    const withBot = [...RESPONDERS];
    RESPONDERS.splice(0, RESPONDERS.length, ...otherResponders.filter((responder) => responder.name === 'ai-reply'));
    try {
      const phone = newPhone();
      await say(client.phoneNumberId, phone, 'quero um ORCAMENTO por favor');
      expect(await conversation(client.id, phone)).toMatchObject({ teamId: vendas.id, assignedTo: ana.userId, status: 'humano' });
      // Inside another word it is not the keyword: no team (the bot answers as usual).
      const other = newPhone();
      await say(client.phoneNumberId, other, 'compraram ontem?');
      expect((await conversation(client.id, other)).teamId).toBeNull();
    } finally {
      RESPONDERS.splice(0, RESPONDERS.length, ...withBot);
    }
  });
});
