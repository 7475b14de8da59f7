// FCM HTTP v1: POST /v1/projects/{project}/messages:send, one device per request, with the
// service account's OAuth2 token. UNREGISTERED (or 404) means the token is dead: it is pruned.
import type { AppContext } from '#server/app/appContext.js';
import type { FcmServiceAccount } from '#server/config.js';
import { fcmAccessToken, forgetFcmAccessToken } from './fcmAccessToken.js';
import type { DeviceOutcome } from './pushErrors.js';
import type { PushNotice } from './pushNotice.js';

const TIMEOUT_MS = 15_000;

type FcmError = { error?: { code?: number; status?: string; message?: string; details?: Array<{ errorCode?: string }> } };

export async function sendFcm(app: AppContext, account: FcmServiceAccount, token: string, notice: PushNotice): Promise<DeviceOutcome> {
  const accessToken = await fcmAccessToken(app, account);
  const message = {
    token,
    notification: { title: notice.title, body: notice.body },
    // FCM's data values are strings only.
    data: Object.fromEntries(Object.entries(notice.data).map(([key, value]) => [key, String(value)])),
    android: { priority: 'high' },
  };
  let response: Response;
  try {
    response = await fetch(`${app.config.push.fcmUrl}/v1/projects/${encodeURIComponent(account.projectId)}/messages:send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ message }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'retry', reason: `FCM could not be reached: ${(error as Error).message}` };
  }
  if (response.ok) return { kind: 'sent' };
  const answer = ((await response.json().catch(() => ({}))) ?? {}) as FcmError;
  const code = answer.error?.details?.find((detail) => detail.errorCode)?.errorCode ?? answer.error?.status ?? `HTTP ${response.status}`;
  const reason = `FCM: ${code}${answer.error?.message ? ` (${answer.error.message})` : ''}`;
  if (code === 'UNREGISTERED' || response.status === 404) return { kind: 'gone', reason };
  if (response.status === 401) {
    forgetFcmAccessToken(app); // expired or revoked: the retry fetches a new one
    return { kind: 'retry', reason };
  }
  if (response.status === 429 || response.status >= 500) return { kind: 'retry', reason };
  return { kind: 'failed', reason };
}
