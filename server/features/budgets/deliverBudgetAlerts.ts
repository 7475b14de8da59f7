// Sends budget alerts (already recorded as sent in alerts_sent, so they fire once per period) by
// e-mail and as a signed POST to the client's notification webhook (under server/net's address
// policy, redirects not followed), each retried with backoff.
// Runs in the background; the budgets feature waits for deliveries in flight when it stops. The
// outcome of each delivery is an execution_logs row (node "budget_alert").
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import { perApp } from '../../app/perApp.js';
import { guardedRequest } from '../../net/guardedRequest.js';
import { alertSettings } from './alertSettings.js';
import type { BudgetAlert } from './budgetThresholds.js';
import { signWebhook } from './signWebhook.js';
import { sendSmtpMail } from './smtpClient.js';
import { webhookSigningKey } from './webhookSigningKey.js';

export const pendingAlertDeliveries = perApp((_app: AppContext) => new Set<Promise<void>>());

export function deliverBudgetAlerts(app: AppContext, alerts: BudgetAlert[]): void {
  for (const alert of alerts) {
    const pending = pendingAlertDeliveries(app);
    const delivery = deliver(app, alert).catch((error: unknown) => app.log.error({ err: error, clientId: alert.clientId }, 'budget alert delivery failed'))
      .finally(() => pending.delete(delivery));
    pending.add(delivery);
  }
}

async function deliver(app: AppContext, alert: BudgetAlert): Promise<void> {
  const { clients, clientBudgets } = app.db.t;
  const target = await app.db.tenant(alert.clientId, async (tx) => {
    const [client] = await tx.select({ name: clients.name, email: clients.notificationEmail, webhook: clients.notificationWebhookUrl })
      .from(clients).where(eq(clients.id, alert.clientId));
    const [budget] = await tx.select({ email: clientBudgets.notificationEmail }).from(clientBudgets).where(eq(clientBudgets.clientId, alert.clientId));
    const key = client?.webhook ? await webhookSigningKey(app, tx, alert.clientId) : null;
    return { name: client?.name ?? alert.clientId, email: budget?.email || client?.email || null, webhook: client?.webhook ?? null, key };
  });
  const settings = alertSettings(app);
  const event = { id: randomUUID(), type: 'budget.threshold_reached', createdAt: new Date().toISOString(), data: alert };
  const jobs: Array<Promise<void>> = [];
  if (target.email && settings.smtpUrl) {
    const smtpUrl = settings.smtpUrl;
    const email = target.email;
    jobs.push(withRetries(app, alert, 'email', () => sendSmtpMail(smtpUrl, {
      from: settings.from, to: [email], subject: subjectFor(alert, target.name), text: textFor(alert, target.name),
    }, settings.timeoutMs)));
  }
  if (target.webhook && target.key) {
    const url = target.webhook;
    const key = target.key;
    const body = JSON.stringify(event);
    jobs.push(withRetries(app, alert, 'webhook', async () => {
      // The flow HTTP block's address policy: global unicast only (checked at connect time, so a
      // name re-pointed at a private address after saving is refused too), no redirects.
      const response = await guardedRequest({
        url, method: 'POST', body, timeoutMs: settings.timeoutMs, maxBytes: 1024 * 1024, allowPrivateNetwork: app.config.allowPrivateNetwork,
        headers: { 'content-type': 'application/json', 'x-uzz-event': event.type, 'x-uzz-delivery': event.id, 'x-uzz-signature': signWebhook(key, body) },
      });
      if (response.status < 200 || response.status >= 300) throw new Error(`webhook answered ${response.status}`);
    }));
  }
  await Promise.all(jobs);
}

async function withRetries(app: AppContext, alert: BudgetAlert, channel: string, send: () => Promise<void>): Promise<void> {
  const settings = alertSettings(app);
  const started = Date.now();
  let lastError: unknown = null;
  for (let attempt = 1; attempt <= settings.attempts; attempt++) {
    try {
      await send();
      await log(app, alert, channel, 'success', attempt, null, Date.now() - started);
      return;
    } catch (error) {
      lastError = error;
      if (attempt < settings.attempts) await new Promise((resolve) => setTimeout(resolve, settings.backoffMs * 2 ** (attempt - 1)));
    }
  }
  await log(app, alert, channel, 'error', settings.attempts, lastError, Date.now() - started);
}

async function log(app: AppContext, alert: BudgetAlert, channel: string, status: string, attempts: number, error: unknown, durationMs: number) {
  await app.db.tenant(alert.clientId, (tx) => tx.insert(app.db.t.executionLogs).values({
    clientId: alert.clientId, executionId: `budget-alert-${alert.periodStart}-${alert.threshold}`, nodeName: 'budget_alert', status,
    inputData: { channel, threshold: alert.threshold, percentage: alert.percentage }, outputData: { attempts },
    errorDetails: error ? { message: error instanceof Error ? error.message : String(error) } : null, durationMs,
  })).catch(() => undefined);
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
  ].filter(Boolean).join('\n');
}
