// Outside business hours, a chosen flow, through signed webhooks and tRPC on both databases: the
// hours name a flow (only one of the client's own); a customer's message to the bot outside them
// starts it once per episode (a second message does not restart it; after the conversation is
// resolved and the customer writes again, it starts again); a number's own hours win over the
// client's (open there: no flow).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { WEEKDAYS, localParts, scheduleSchema } from '#shared/teams/businessHours.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';

let counter = 0;
const newPhone = () => `55117${String(Date.now()).slice(-6)}${String(++counter).padStart(2, '0')}`;

describe.each(DATABASE_KINDS)('the flow chosen for outside business hours on %s', (kind) => {
  let kit: WhatsAppKit;
  // The business-hours flow and the flows themselves; no AI reply (nothing else is sent).
  const kept = ['business-hours-flow', 'flows'];
  const others = RESPONDERS.filter((responder) => !kept.includes(responder.name));
  beforeAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...RESPONDERS.filter((responder) => kept.includes(responder.name)));
    kit = await startWhatsAppKit(kind);
  });
  afterAll(async () => {
    RESPONDERS.push(...others);
    await kit?.dispose();
  });

  async function publishedFlow(admin: SignedIn, text: string) {
    const flow = await admin.caller.flows.create({
      name: `Fora do horário ${++counter}`,
      document: flowFixture([message('m', text)], []),
      triggerType: 'manual',
      triggerKeywords: [],
      triggerQrCode: null,
    });
    await admin.caller.flows.publish({ id: flow.id });
    await admin.caller.flows.activate({ id: flow.id });
    return flow;
  }
  const say = async (phoneNumberId: string, phone: string, text: string) => {
    const response = await kit.deliver(envelope(phoneNumberId, { contacts: [contact(phone, 'Lia')], messages: [inbound.text(phone, text)] }));
    expect(response.status).toBe(200);
    await kit.settle();
  };
  const textsTo = (phone: string) => kit.graph.sent.filter((sent) => sent.to === phone).map((sent) => (sent.body.text as { body: string }).body);

  it('starts the chosen flow once per episode outside the hours; a number open by its own hours starts none', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const flow = await publishedFlow(admin, 'Estamos fechados agora: deixe seu recado.');
    // Open only tomorrow (São Paulo's calendar), 09:00–10:00: closed now whatever the time.
    const today = localParts(new Date(), 'America/Sao_Paulo').weekday;
    const tomorrow = WEEKDAYS[(WEEKDAYS.indexOf(today) + 1) % 7]!;
    const closed = scheduleSchema.parse({ timezone: 'America/Sao_Paulo', weekly: { [tomorrow]: [{ from: '09:00', to: '10:00' }] }, holidays: [] });

    // Only the client's own flows.
    const other = await kit.newClient();
    const otherAdmin = await kit.server.signIn({ clientId: other.id, role: 'admin' });
    const theirs = await publishedFlow(otherAdmin, 'x');
    await expect(admin.caller.teams.setBusinessHours({ scope: '*', schedule: closed, awayFlowId: theirs.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await admin.caller.teams.setBusinessHours({ scope: '*', schedule: closed, awayFlowId: flow.id })).toMatchObject({ awayFlowId: flow.id });
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'oi, tem alguém?');
    expect(textsTo(phone)).toEqual(['Estamos fechados agora: deixe seu recado.']);
    // The flow has ended (one message); the next message in the same episode does not start it again.
    await say(client.phoneNumberId, phone, 'alô?');
    expect(textsTo(phone)).toHaveLength(1);

    // A new episode (resolved, then the customer writes again): it starts again.
    const { conversations } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, client.id), eq(conversations.phone, phone))),
    );
    expect(row).toMatchObject({ status: 'bot' });
    await agent.caller.conversations.resolve({ conversationId: row!.id });
    await say(client.phoneNumberId, phone, 'voltei');
    expect(textsTo(phone)).toEqual(['Estamos fechados agora: deixe seu recado.', 'Estamos fechados agora: deixe seu recado.']);

    // The number's own hours (open all week) win over the client's: no flow there.
    const always = scheduleSchema.parse({
      timezone: 'America/Sao_Paulo',
      weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, [{ from: '00:00', to: '24:00' }]])),
      holidays: [],
    });
    await admin.caller.teams.setBusinessHours({ scope: client.phoneNumberId, schedule: always });
    const second = newPhone();
    await say(client.phoneNumberId, second, 'oi');
    expect(textsTo(second)).toEqual([]);
    expect((await admin.caller.teams.businessHours()).map((hours) => [hours.scope, hours.awayFlowId])).toEqual([
      ['*', flow.id],
      [client.phoneNumberId, null],
    ]);

    // Choosing no flow again: outside the hours the message goes to the bot as before.
    await admin.caller.teams.removeBusinessHours({ scope: client.phoneNumberId });
    await admin.caller.teams.setBusinessHours({ scope: '*', schedule: closed, awayFlowId: null });
    const third = newPhone();
    await say(client.phoneNumberId, third, 'oi');
    expect(textsTo(third)).toEqual([]);
  });
});
