// Expo's push API: POST /--/api/v2/push/send with up to 100 messages, one ticket each in order;
// later POST /--/api/v2/push/getReceipts tells whether each reached the device. DeviceNotRegistered
// (in a ticket or a receipt) means the app is gone from the device: the token is pruned.
import type { PushConfig } from '#server/config.js';
import { PushTransientError, type DeviceOutcome } from './pushErrors.js';
import type { PushNotice } from './pushNotice.js';

export const EXPO_BATCH = 100;
const TIMEOUT_MS = 15_000;

export const isExpoToken = (token: string) => /^Expo(nent)?PushToken\[[^\]]+\]$/.test(token);

type Ticket = { status?: string; id?: string; message?: string; details?: { error?: string } };

/** One outcome per token, in order. Throws PushTransientError when the whole request should be retried. */
export async function sendExpo(config: PushConfig, tokens: string[], notice: PushNotice): Promise<DeviceOutcome[]> {
  const messages = tokens.map((to) => ({ to, title: notice.title, body: notice.body, data: notice.data, sound: 'default', priority: 'high' }));
  const answer = (await expoRequest(config, '/--/api/v2/push/send', messages)) as { data?: Ticket[] };
  const tickets = Array.isArray(answer.data) ? answer.data : [];
  return tokens.map((_, index) => ticketOutcome(tickets[index]));
}

function ticketOutcome(ticket: Ticket | undefined): DeviceOutcome {
  if (!ticket) return { kind: 'retry', reason: 'Expo answered no ticket for this device' };
  if (ticket.status === 'ok') return { kind: 'sent', ...(ticket.id ? { ticketId: ticket.id } : {}) };
  const code = ticket.details?.error ?? 'unknown';
  const reason = `Expo: ${code}${ticket.message ? ` (${ticket.message})` : ''}`;
  if (code === 'DeviceNotRegistered') return { kind: 'gone', reason };
  if (code === 'MessageRateExceeded') return { kind: 'retry', reason };
  return { kind: 'failed', reason };
}

/** Receipts by ticket id: 'gone' for DeviceNotRegistered, else 'ok' / 'error'; absent = not ready yet. */
export async function expoReceipts(config: PushConfig, ticketIds: string[]): Promise<Map<string, 'ok' | 'gone' | 'error'>> {
  const answer = (await expoRequest(config, '/--/api/v2/push/getReceipts', { ids: ticketIds })) as { data?: Record<string, Ticket> };
  const receipts = new Map<string, 'ok' | 'gone' | 'error'>();
  for (const [id, receipt] of Object.entries(answer.data ?? {})) {
    receipts.set(id, receipt.status === 'ok' ? 'ok' : receipt.details?.error === 'DeviceNotRegistered' ? 'gone' : 'error');
  }
  return receipts;
}

async function expoRequest(config: PushConfig, path: string, body: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${config.expoUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(config.expoAccessToken ? { authorization: `Bearer ${config.expoAccessToken}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new PushTransientError(`Expo could not be reached: ${(error as Error).message}`);
  }
  const answer = (await response.json().catch(() => null)) as { errors?: Array<{ message?: string }> } | null;
  if (!response.ok || !answer) {
    const reason = answer?.errors?.map((error) => error.message).join('; ') || `HTTP ${response.status}`;
    throw new PushTransientError(`Expo refused the request: ${reason}`);
  }
  return answer;
}
