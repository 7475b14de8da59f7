// The responders' looks (Responder.wants): before any responder runs, every look for a customer's
// message is taken in one shared transaction, and a responder whose look says no is not called.
// Through signed webhooks on both databases, with the real CSAT, campaign-reply and business-hours
// responders (their own tests cover what each does once called), wrapped to record what they saw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import type { InboundMessage, Responder } from '#server/app/responder.js';
import type { Tx } from '#server/db/tables.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { WEEKDAYS, localParts, scheduleSchema } from '#shared/teams/businessHours.js';
import { contact, envelope, inbound } from '../fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';

let counter = 0;
const newPhone = () => `55116${String(Date.now()).slice(-6)}${String(++counter).padStart(2, '0')}`;
const LOOKING = ['csat', 'campaign-reply', 'business-hours-flow'];

describe.each(DATABASE_KINDS)("the responders' looks on %s", (kind) => {
  let kit: WhatsAppKit;
  const saved = [...RESPONDERS];
  /** Per responder: the transactions its looks ran in, and the texts it was asked to answer. */
  const looks = new Map<string, Tx[]>();
  const called = new Map<string, string[]>();
  /** The AI reply's place: answers every message it gets, so the test sends nothing to a model. */
  const last: Responder = {
    name: 'last',
    respond: async (asked: InboundMessage) => {
      called.set('last', [...(called.get('last') ?? []), asked.text ?? '']);
      return true;
    },
  };
  const recorded = (responder: Responder): Responder => ({
    name: responder.name,
    wants: async (asked, tx) => {
      looks.set(responder.name, [...(looks.get(responder.name) ?? []), tx]);
      return responder.wants!(asked, tx);
    },
    respond: async (asked) => {
      called.set(responder.name, [...(called.get(responder.name) ?? []), asked.text ?? '']);
      return responder.respond(asked);
    },
  });

  beforeAll(async () => {
    const lookers = saved.filter((responder) => LOOKING.includes(responder.name));
    expect(lookers.map((responder) => responder.name).sort()).toEqual([...LOOKING].sort());
    RESPONDERS.splice(0, RESPONDERS.length, ...lookers.map(recorded), last);
    kit = await startWhatsAppKit(kind);
  });
  afterAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...saved);
    await kit?.dispose();
  });
  const say = async (phoneNumberId: string, phone: string, text: string) => {
    looks.clear();
    called.clear();
    const response = await kit.deliver(envelope(phoneNumberId, { contacts: [contact(phone, 'Rui')], messages: [inbound.text(phone, text)] }));
    expect(response.status).toBe(200);
    await kit.settle();
  };

  it('takes every look in one transaction and calls none whose look says no', async () => {
    const client = await kit.newClient();
    await say(client.phoneNumberId, newPhone(), 'bom dia');
    expect([...looks.keys()].sort()).toEqual([...LOOKING].sort());
    const transactions = new Set([...looks.values()].flat());
    expect([...looks.values()].every((seen) => seen.length === 1)).toBe(true);
    expect(transactions.size).toBe(1);
    // No survey, no campaign, no hours set: only the last responder is asked.
    expect(Object.fromEntries(called)).toEqual({ last: ['bom dia'] });
  });

  it('calls a responder whose look says yes, and the next ones only when it passes', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const flow = await admin.caller.flows.create({
      name: 'Fechado',
      document: flowFixture([message('m', 'Estamos fechados agora.')], []),
      triggerType: 'manual',
      triggerKeywords: [],
      triggerQrCode: null,
    });
    await admin.caller.flows.publish({ id: flow.id });
    await admin.caller.flows.activate({ id: flow.id });
    // Open only tomorrow (São Paulo's calendar), 09:00–10:00: closed now whatever the time.
    const today = localParts(new Date(), 'America/Sao_Paulo').weekday;
    const tomorrow = WEEKDAYS[(WEEKDAYS.indexOf(today) + 1) % 7]!;
    const closed = scheduleSchema.parse({ timezone: 'America/Sao_Paulo', weekly: { [tomorrow]: [{ from: '09:00', to: '10:00' }] }, holidays: [] });
    await admin.caller.teams.setBusinessHours({ scope: '*', schedule: closed, awayFlowId: flow.id });

    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'tem alguém?');
    expect(Object.fromEntries(called)).toEqual({ 'business-hours-flow': ['tem alguém?'] });
    expect(kit.graph.sent.filter((sent) => sent.to === phone).map((sent) => (sent.body.text as { body: string }).body)).toEqual(['Estamos fechados agora.']);

    // Same episode: the look still says yes (hours closed, a flow chosen), but the flow starts once
    // per episode, so the responder passes and the message goes on down the list.
    await say(client.phoneNumberId, phone, 'alô?');
    expect(Object.fromEntries(called)).toEqual({ 'business-hours-flow': ['alô?'], last: ['alô?'] });
  });
});
