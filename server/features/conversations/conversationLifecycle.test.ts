// The conversation's lifecycle through tRPC on both databases: every move people can ask for, from
// every status (allowed ones land, refused ones are a CONFLICT that changes nothing), resolve and
// snooze (idempotent, tenant-safe), the snooze's wake-up job, reopening by a customer's message,
// priority, the guarded write under a race, and what agents say going into the AI's memory.
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { canTransition } from '#shared/domain/conversationLifecycle.js';
import { CONVERSATION_STATUSES, type ConversationStatus } from '#shared/domain/statuses.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { ConversationChangedMeanwhileError, moveConversation, moveConversationFrom, ConversationTransitionError } from './conversationTransition.js';

/** The people's action that asks for each status (fluxo_inicial is the flows' alone: checked below without tRPC). */
type PeopleTarget = Exclude<ConversationStatus, 'fluxo_inicial'>;
const PEOPLE_TARGETS: PeopleTarget[] = ['bot', 'humano', 'transferido', 'resolved', 'snoozed'];

let phoneCounter = 0;
const newPhone = () => `55118${String(Date.now()).slice(-6)}${String(++phoneCounter).padStart(2, '0')}`;

describe.each(DATABASE_KINDS)('conversation lifecycle on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  const say = async (phoneNumberId: string, phone: string, text: string) => {
    const response = await kit.deliver(envelope(phoneNumberId, { contacts: [contact(phone, 'Bia Souza')], messages: [inbound.text(phone, text)] }));
    expect(response.status).toBe(200);
    await kit.settle();
  };
  async function tenant() {
    const client = await kit.newClient();
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    return { client, agent };
  }
  async function newConversation(client: { id: string; phoneNumberId: string }) {
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'olá');
    return row(client.id, phone);
  }
  async function row(clientId: string, phone: string) {
    const { conversations } = kit.server.app.db.t;
    const [found] = await kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone))),
    );
    return found!;
  }
  /** Test setup only: puts the conversation in a status directly. */
  async function putIn(clientId: string, id: string, status: ConversationStatus, assignedTo: string | null) {
    const { conversations } = kit.server.app.db.t;
    await kit.server.app.db.tenant(clientId, (tx) => tx.update(conversations).set({ status, assignedTo, snoozedUntil: null }).where(eq(conversations.id, id)));
  }
  /** The conversation's earliest wake-up job still queued (other tests' snoozes run for an hour). */
  async function soonestWakeJob(conversationId: string): Promise<string> {
    const { jobs } = kit.server.app.db.t;
    const all = await kit.server.app.db.system((tx) =>
      tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.type, 'conversations.snooze.wake'), eq(jobs.status, 'queued'))),
    );
    const mine = all.filter((job) => job.payload.conversationId === conversationId).sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
    expect(mine.length).toBeGreaterThan(0);
    return mine[0]!.id;
  }
  async function jobDone(id: string) {
    const { jobs } = kit.server.app.db.t;
    await waitUntil(async () => {
      const [job] = await kit.server.app.db.system((tx) => tx.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id)));
      return job?.status === 'done';
    });
  }
  function ask(agent: SignedIn, conversationId: string, to: PeopleTarget) {
    const conversations = agent.caller.conversations;
    switch (to) {
      case 'bot':
        return conversations.returnToBot({ conversationId });
      case 'humano':
        return conversations.takeOver({ conversationId });
      case 'transferido':
        return conversations.transfer({ conversationId });
      case 'resolved':
        return conversations.resolve({ conversationId });
      case 'snoozed':
        return conversations.snooze({ conversationId });
    }
  }

  it('allows every move the state machine allows and refuses every other with a CONFLICT that changes nothing', async () => {
    const { client, agent } = await tenant();
    const conversation = await newConversation(client);
    const outcomes: string[] = [];
    for (const from of CONVERSATION_STATUSES) {
      for (const to of PEOPLE_TARGETS) {
        // A person's own conversation for the human states, nobody's otherwise.
        const assignee = from === 'humano' || from === 'snoozed' ? agent.userId : null;
        await putIn(client.id, conversation.id, from, assignee);
        const attempt = await ask(agent, conversation.id, to).then(
          (view) => ({ ok: true as const, view }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        const after = await row(client.id, conversation.phone);
        if (canTransition(from, to)) {
          expect(attempt.ok, `${from} → ${to} should be allowed`).toBe(true);
          expect(after.status, `${from} → ${to}`).toBe(to);
          outcomes.push(`${from}→${to}`);
        } else {
          expect(attempt.ok, `${from} → ${to} should be refused`).toBe(false);
          const error = (attempt as { error: TRPCError }).error;
          expect(error.code, `${from} → ${to}`).toBe('CONFLICT');
          expect(error.message).toContain(`cannot become "${to}"`);
          expect(after.status, `${from} → ${to} changed nothing`).toBe(from);
          expect(after.assignedTo).toBe(assignee);
        }
      }
    }
    // Refused, as the machine says: a resolved conversation is reopened before anything else, and
    // only people's conversations are snoozed.
    expect(outcomes).not.toContain('resolved→transferido');
    expect(outcomes).not.toContain('resolved→snoozed');
    expect(outcomes).not.toContain('bot→snoozed');
    expect(outcomes).not.toContain('fluxo_inicial→snoozed');
    expect(outcomes).toContain('snoozed→resolved');
    expect(outcomes).toContain('resolved→humano');
  });

  it('checks the flows’ moves (into and out of fluxo_inicial) against the same machine', async () => {
    const { client } = await tenant();
    const conversation = await newConversation(client);
    const app = kit.server.app;
    const target = { clientId: client.id, conversationId: conversation.id };
    for (const from of CONVERSATION_STATUSES) {
      await putIn(client.id, conversation.id, from, null);
      const move = app.db.tenant(client.id, (tx) => moveConversationFrom(app, tx, target, [from], 'fluxo_inicial'));
      if (from === 'fluxo_inicial')
        expect(await move).toBeNull(); // already there: nothing to do
      else if (canTransition(from, 'fluxo_inicial')) expect((await move)?.status).toBe('fluxo_inicial');
      else {
        await expect(move).rejects.toBeInstanceOf(ConversationTransitionError);
        expect((await row(client.id, conversation.phone)).status).toBe(from);
      }
    }
    // Only from what the caller expects: an agent who took the chat keeps it.
    await putIn(client.id, conversation.id, 'humano', null);
    expect(await app.db.tenant(client.id, (tx) => moveConversationFrom(app, tx, target, ['bot', 'fluxo_inicial'], 'transferido'))).toBeNull();
    expect((await row(client.id, conversation.phone)).status).toBe('humano');
  });

  it('writes a change only over the row it read: of two racing changes one wins, the other changes nothing', async () => {
    const { client, agent } = await tenant();
    const conversation = await newConversation(client);
    await putIn(client.id, conversation.id, 'humano', agent.userId);
    const app = kit.server.app;
    const stale = await row(client.id, conversation.phone);
    // Another person's change lands between this one's read and its write.
    await agent.caller.conversations.resolve({ conversationId: conversation.id });
    await expect(app.db.tenant(client.id, (tx) => moveConversation(app, tx, stale, 'snoozed', {}))).rejects.toBeInstanceOf(ConversationChangedMeanwhileError);
    expect((await row(client.id, conversation.phone)).status).toBe('resolved');

    // Through tRPC: concurrent resolve and snooze of the same conversation end in one consistent state.
    await putIn(client.id, conversation.id, 'humano', agent.userId);
    const results = await Promise.allSettled([
      agent.caller.conversations.resolve({ conversationId: conversation.id }),
      agent.caller.conversations.snooze({ conversationId: conversation.id }),
    ]);
    const final = await row(client.id, conversation.phone);
    expect(['resolved', 'snoozed']).toContain(final.status);
    for (const result of results) if (result.status === 'rejected') expect((result.reason as TRPCError).code).toBe('CONFLICT');
  });

  it('resolves and snoozes idempotently, only in the caller’s client, with clear errors', async () => {
    const { client, agent } = await tenant();
    const conversation = await newConversation(client);
    await agent.caller.conversations.takeOver({ conversationId: conversation.id });
    const until = new Date(Date.now() + 60 * 60_000).toISOString();
    const first = await agent.caller.conversations.snooze({ conversationId: conversation.id, until });
    const again = await agent.caller.conversations.snooze({ conversationId: conversation.id, until });
    expect(first).toMatchObject({ status: 'snoozed', assignedTo: agent.userId, snoozedUntil: until });
    expect(again).toEqual(first);
    const { jobs } = kit.server.app.db.t;
    const wakeJobs = await kit.server.app.db.system((tx) => tx.select().from(jobs).where(eq(jobs.type, 'conversations.snooze.wake')));
    expect(wakeJobs.filter((job) => job.payload.conversationId === conversation.id)).toHaveLength(1);

    const resolved = await agent.caller.conversations.resolve({ conversationId: conversation.id });
    expect(resolved).toMatchObject({ status: 'resolved', assignedTo: null, snoozedUntil: null });
    expect(await agent.caller.conversations.resolve({ conversationId: conversation.id })).toEqual(resolved);

    // Another client's agent: not found, and nothing changes.
    const other = await tenant();
    await expect(other.agent.caller.conversations.takeOver({ conversationId: conversation.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.agent.caller.conversations.setPriority({ conversationId: conversation.id, priority: 'urgent' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await row(client.id, conversation.phone)).status).toBe('resolved');

    // Bad input is a 4xx with a reason.
    await agent.caller.conversations.takeOver({ conversationId: conversation.id });
    await expect(
      agent.caller.conversations.snooze({ conversationId: conversation.id, until: new Date(Date.now() - 60_000).toISOString() }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('already passed'),
    });
    await expect(agent.caller.conversations.snooze({ conversationId: conversation.id, until: 'tomorrow' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const viewer = await kit.server.signIn({ clientId: client.id, role: 'viewer' });
    await expect(viewer.caller.conversations.resolve({ conversationId: conversation.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('wakes a snoozed conversation at its time through the job runner, back to its person', async () => {
    const { client, agent } = await tenant();
    const conversation = await newConversation(client);
    await agent.caller.conversations.takeOver({ conversationId: conversation.id });
    await agent.caller.conversations.snooze({ conversationId: conversation.id, until: new Date(Date.now() + 1_000).toISOString() });
    expect((await row(client.id, conversation.phone)).status).toBe('snoozed');
    await jobDone(await soonestWakeJob(conversation.id));
    expect(await row(client.id, conversation.phone)).toMatchObject({ status: 'humano', assignedTo: agent.userId, snoozedUntil: null });

    // An outdated wake-up (snoozed again until later) leaves the conversation alone.
    await agent.caller.conversations.snooze({ conversationId: conversation.id, until: new Date(Date.now() + 1_000).toISOString() });
    await agent.caller.conversations.snooze({ conversationId: conversation.id, until: new Date(Date.now() + 60 * 60_000).toISOString() });
    await jobDone(await soonestWakeJob(conversation.id));
    expect((await row(client.id, conversation.phone)).status).toBe('snoozed');
  });

  it('reopens on the customer’s next message: resolved with the bot, snoozed with its person', async () => {
    const { client, agent } = await tenant();
    const conversation = await newConversation(client);
    await agent.caller.conversations.resolve({ conversationId: conversation.id });
    await say(client.phoneNumberId, conversation.phone, 'voltei');
    expect(await row(client.id, conversation.phone)).toMatchObject({ status: 'bot', assignedTo: null });

    await agent.caller.conversations.takeOver({ conversationId: conversation.id });
    await agent.caller.conversations.snooze({ conversationId: conversation.id });
    await say(client.phoneNumberId, conversation.phone, 'e agora?');
    expect(await row(client.id, conversation.phone)).toMatchObject({ status: 'humano', assignedTo: agent.userId, snoozedUntil: null });

    // Snoozed with nobody: back to waiting for a person. Reopening by hand does the same.
    await agent.caller.conversations.transfer({ conversationId: conversation.id });
    await agent.caller.conversations.snooze({ conversationId: conversation.id, until: new Date(Date.now() + 60 * 60_000).toISOString() });
    await say(client.phoneNumberId, conversation.phone, 'alô');
    expect(await row(client.id, conversation.phone)).toMatchObject({ status: 'transferido', snoozedUntil: null });
    await agent.caller.conversations.resolve({ conversationId: conversation.id });
    expect(await agent.caller.conversations.reopen({ conversationId: conversation.id })).toMatchObject({ status: 'bot' });
    expect(await agent.caller.conversations.reopen({ conversationId: conversation.id })).toMatchObject({ status: 'bot' });

    // The list counts and filters the new statuses.
    await agent.caller.conversations.resolve({ conversationId: conversation.id });
    const list = await agent.caller.conversations.list({ status: 'resolved' });
    expect(list.items.map((item) => item.id)).toEqual([conversation.id]);
    expect(list.counts).toMatchObject({ resolved: 1, snoozed: 0 });
  });

  it('sets a priority (idempotent, validated) and lists by it', async () => {
    const { client, agent } = await tenant();
    const conversation = await newConversation(client);
    expect((await agent.caller.conversations.list()).items[0]).toMatchObject({ priority: 'normal' });
    expect(await agent.caller.conversations.setPriority({ conversationId: conversation.id, priority: 'urgent' })).toMatchObject({ priority: 'urgent' });
    expect(await agent.caller.conversations.setPriority({ conversationId: conversation.id, priority: 'urgent' })).toMatchObject({ priority: 'urgent' });
    expect((await agent.caller.conversations.list({ priority: 'urgent' })).items.map((item) => item.id)).toEqual([conversation.id]);
    expect((await agent.caller.conversations.list({ priority: 'low' })).items).toEqual([]);
    await expect(agent.caller.conversations.setPriority({ conversationId: conversation.id, priority: 'asap' as 'low' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('puts what is said with an agent into the chat memory (n8n_chat_histories): the customer’s turns, and the agent’s as the business’s', async () => {
    const { client, agent } = await tenant();
    const conversation = await newConversation(client);
    await agent.caller.conversations.send({ conversationId: conversation.id, content: { kind: 'text', text: 'Seu pedido sai hoje.' } });
    await say(client.phoneNumberId, conversation.phone, 'Que horas chega?');
    const { n8nChatHistories } = kit.server.app.db.t;
    const memory = await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(n8nChatHistories)
        .where(and(eq(n8nChatHistories.clientId, client.id), eq(n8nChatHistories.sessionId, conversation.phone)))
        .orderBy(n8nChatHistories.id),
    );
    expect(memory.map((entry) => entry.message)).toEqual([
      { type: 'ai', content: 'Seu pedido sai hoje.', additional_kwargs: { author: 'agent', userId: agent.userId }, response_metadata: {} },
      { type: 'human', content: 'Que horas chega?' },
    ]);
    expect(memory.every((entry) => entry.conversationId === conversation.id)).toBe(true);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
