// Saving a notification webhook URL: refused with a clear 400 when it points at a loopback,
// private, link-local or reserved address (unless the platform allows private networks), so the
// admin learns it now rather than from alerts that never arrive.
import { TRPCError } from '@trpc/server';
import type { AppContext } from '#server/app/appContext.js';
import { outboundUrlProblem } from '#server/net/outboundUrlProblem.js';

export async function assertWebhookUrlAllowed(app: AppContext, url: string): Promise<void> {
  const problem = await outboundUrlProblem(url, app.config.allowPrivateNetwork);
  if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: `the notification webhook cannot be used: ${problem}` });
}
