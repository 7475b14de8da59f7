// Sends one test message from the client's saved WhatsApp number to a number the administrator
// types, straight through the Graph client and not through the outbox: this is a check of the
// connection, so the person wants Meta's answer now (the wamid, or Meta's error in plain words),
// not a message queued, retried with backoff for hours and recorded in a customer's conversation.
//
// Meta delivers free text only inside the 24-hour customer-service window (the number wrote to the
// business in the last 24 hours); outside it only an approved template goes through, so then the
// hello_world template (present in every new WhatsApp Business account) is sent instead.
import { TRPCError } from '@trpc/server';
import { and, eq, max } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { buildGraphMessage } from '../whatsapp/index.js';
import { graphClientFor, MissingCredentialsError } from '../whatsapp/index.js';
import { canonicalPhone, mainPhoneNumberId, onMainNumber } from '../whatsapp/index.js';
import { customerServiceWindow } from '#shared/whatsapp/customerServiceWindow.js';
import { connectionProblem, type ConnectionProblem } from './connectionProblem.js';

export const DEFAULT_TEST_TEXT = 'Test message from UZZ.AI: this WhatsApp number is connected.';
export const TEST_TEMPLATE = { name: 'hello_world', language: 'en_US' } as const;

export type SendTestResult =
  | { ok: true; wamid: string; sentAs: 'text' | 'template'; to: string; windowOpen: boolean }
  | { ok: false; sentAs: 'text' | 'template'; to: string; windowOpen: boolean; error: ConnectionProblem };

export async function sendTestMessage(app: AppContext, clientId: string, input: { to: string; text?: string }): Promise<SendTestResult> {
  const to = canonicalPhone(input.to);
  if (!to || to.length < 8 || to.length > 15)
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'type the number with country and area code, e.g. +55 11 91234-5678' });
  const { conversations } = app.db.t;
  // The window of the chat with the main number (the one this sends from).
  const [conversation] = await app.db.tenant(clientId, async (tx) =>
    tx
      .select({ lastInboundAt: max(conversations.lastInboundAt) })
      .from(conversations)
      .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, to), onMainNumber(conversations, await mainPhoneNumberId(app, tx, clientId)))),
  );
  const windowOpen = customerServiceWindow(conversation?.lastInboundAt ?? null).open;
  let graph;
  try {
    graph = await graphClientFor(app, clientId);
  } catch (error) {
    if (error instanceof MissingCredentialsError)
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'save the phone number id and the access token first' });
    throw error;
  }
  const sentAs = windowOpen ? 'text' : 'template';
  const body = windowOpen
    ? buildGraphMessage({ kind: 'text', text: input.text?.trim() || DEFAULT_TEST_TEXT }, to)
    : { recipient_type: 'individual', to, type: 'template', template: { name: TEST_TEMPLATE.name, language: { code: TEST_TEMPLATE.language } } };
  try {
    const { wamid } = await graph.sendMessage(body);
    return { ok: true, wamid, sentAs, to, windowOpen };
  } catch (error) {
    return { ok: false, sentAs, to, windowOpen, error: connectionProblem(error) };
  }
}
