// Sends budget alerts (already recorded as sent in alerts_sent, so they fire once per period) by
// e-mail and as a signed POST to the client's notification webhook (under server/net's address
// policy, redirects not followed). Each channel is a durable job (server/jobs), enqueued in the
// transaction that crossed the threshold: it survives a restart, any instance may deliver it, and
// it is retried with backoff up to alertSettings' attempts. The outcome of each delivery is an
// execution_logs row (node "budget_alert").
import { emitDomainEvent } from '#server/app/domainEvents.js';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';
import type { RunningJob } from '#server/jobs/index.js';
import { guardedRequest } from '#server/net/guardedRequest.js';
import { alertSettings } from './alertSettings.js';
import type { BudgetAlert } from './budgetThresholds.js';
import { signWebhook } from './signWebhook.js';
import { sendSmtpMail } from './smtpClient.js';
import { webhookSigningKey } from './webhookSigningKey.js';

export const BUDGET_ALERT_EMAIL_JOB = 'budget.alert.email';
export const BUDGET_ALERT_WEBHOOK_JOB = 'budget.alert.webhook';

type AlertJobPayload = { alert: BudgetAlert; eventId: string; enqueuedAt: string };

/** In the caller's transaction: one job per channel (a channel not configured when it runs is skipped). */
export async function enqueueBudgetAlerts(app: AppContext, tx: Tx, alerts: BudgetAlert[]): Promise<void> {
  const { attempts } = alertSettings(app);
  for (const alert of alerts) {
    // One event id for every attempt, so the receiver can tell a retry from a new alert.
    const payload = { alert, eventId: randomUUID(), enqueuedAt: new Date().toISOString() } satisfies AlertJobPayload;
    for (const type of [BUDGET_ALERT_EMAIL_JOB, BUDGET_ALERT_WEBHOOK_JOB]) {
      await app.jobs.enqueue(tx, { type, clientId: alert.clientId, payload: payload as unknown as JsonObject, maxAttempts: attempts });
    }
    // Event webhooks subscribed to budget.alert get it too (server/app/domainEvents.ts).
    await emitDomainEvent(app, tx, { clientId: alert.clientId, type: 'budget.alert', data: { alert: alert as unknown as JsonObject }, orderingKey: 'budget' });
  }
}

/**
 * Called once the transaction that crossed thresholds has returned: wakes this process's runner
 * (PostgreSQL instances are also woken by the enqueue's NOTIFY at commit).
 */
export function deliverBudgetAlerts(app: AppContext, alerts: BudgetAlert[]): void {
  if (alerts.length > 0) app.jobs.wake();
}

export function registerBudgetAlertJobs(app: AppContext): void {
  const options = { backoffMs: () => alertSettings(app).backoffMs * 2 };
  app.jobs.register(BUDGET_ALERT_EMAIL_JOB, (job) => deliver(app, job, 'email'), options);
  app.jobs.register(BUDGET_ALERT_WEBHOOK_JOB, (job) => deliver(app, job, 'webhook'), options);
}

async function deliver(app: AppContext, job: RunningJob, channel: 'email' | 'webhook'): Promise<void> {
  const { alert, eventId, enqueuedAt } = job.payload as unknown as AlertJobPayload;
  const send = await senderFor(app, alert, eventId, channel);
  if (!send) return; // this channel is not configured for the client
  const started = Date.parse(enqueuedAt) || Date.now();
  try {
    await send();
  } catch (error) {
    if (job.attempt >= job.maxAttempts) await log(app, alert, channel, 'error', job.attempt, error, Date.now() - started);
    throw error;
  }
  await log(app, alert, channel, 'success', job.attempt, null, Date.now() - started);
}

async function senderFor(app: AppContext, alert: BudgetAlert, eventId: string, channel: 'email' | 'webhook'): Promise<(() => Promise<void>) | null> {
  const { clients, clientBudgets } = app.db.t;
  const target = await app.db.tenant(alert.clientId, async (tx) => {
    const [client] = await tx
      .select({ name: clients.name, email: clients.notificationEmail, webhook: clients.notificationWebhookUrl })
      .from(clients)
      .where(eq(clients.id, alert.clientId));
    const [budget] = await tx.select({ email: clientBudgets.notificationEmail }).from(clientBudgets).where(eq(clientBudgets.clientId, alert.clientId));
    const key = channel === 'webhook' && client?.webhook ? await webhookSigningKey(app, tx, alert.clientId) : null;
    return { name: client?.name ?? alert.clientId, email: budget?.email || client?.email || null, webhook: client?.webhook ?? null, key };
  });
  const settings = alertSettings(app);
  if (channel === 'email') {
    if (!target.email || !settings.smtpUrl) return null;
    const { smtpUrl } = settings;
    const email = target.email;
    return () =>
      sendSmtpMail(
        smtpUrl,
        {
          from: settings.from,
          to: [email],
          subject: subjectFor(alert, target.name),
          text: textFor(alert, target.name),
        },
        settings.timeoutMs,
      );
  }
  if (!target.webhook || !target.key) return null;
  const url = target.webhook;
  const key = target.key;
  const event = { id: eventId, type: 'budget.threshold_reached', createdAt: new Date().toISOString(), data: alert };
  const body = JSON.stringify(event);
  return async () => {
    // The flow HTTP block's address policy: global unicast only (checked at connect time, so a
    // name re-pointed at a private address after saving is refused too), no redirects.
    const response = await guardedRequest({
      url,
      method: 'POST',
      body,
      timeoutMs: settings.timeoutMs,
      maxBytes: 1024 * 1024,
      allowPrivateNetwork: app.config.allowPrivateNetwork,
      headers: { 'content-type': 'application/json', 'x-uzz-event': event.type, 'x-uzz-delivery': event.id, 'x-uzz-signature': signWebhook(key, body) },
    });
    if (response.status < 200 || response.status >= 300) throw new Error(`webhook answered ${response.status}`);
  };
}

async function log(app: AppContext, alert: BudgetAlert, channel: string, status: string, attempts: number, error: unknown, durationMs: number) {
  await app.db
    .tenant(alert.clientId, (tx) =>
      tx.insert(app.db.t.executionLogs).values({
        clientId: alert.clientId,
        executionId: `budget-alert-${alert.periodStart}-${alert.threshold}`,
        nodeName: 'budget_alert',
        status,
        inputData: { channel, threshold: alert.threshold, percentage: alert.percentage },
        outputData: { attempts },
        errorDetails: error ? { message: error instanceof Error ? error.message : String(error) } : null,
        durationMs,
      }),
    )
    .catch(() => undefined);
}

function subjectFor(alert: BudgetAlert, name: string): string {
  return alert.threshold >= 100
    ? `[UZZ.AI] ${name}: orçamento de IA esgotado${alert.paused ? ' (bot pausado)' : ''}`
    : `[UZZ.AI] ${name}: ${alert.threshold}% do orçamento de IA usado`;
}

function textFor(alert: BudgetAlert, name: string): string {
  return [
    `Cliente: ${name}`,
    `Uso do orçamento: ${alert.percentage}% (limite de alerta ${alert.threshold}%)`,
    alert.brl.limit !== null ? `Gasto: R$ ${alert.brl.used} de R$ ${alert.brl.limit}` : null,
    alert.tokens.limit !== null ? `Tokens: ${alert.tokens.used} de ${alert.tokens.limit}` : null,
    `Período: ${alert.periodStart} até ${alert.periodEnd}`,
    alert.paused ? 'O bot foi pausado: as conversas são transferidas para atendimento humano até um administrador liberar.' : null,
  ]
    .filter(Boolean)
    .join('\n');
}
