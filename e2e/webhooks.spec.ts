// Event webhooks as an admin sets them up: register a URL for "message.received" in Admin >
// Webhooks (the signing secret is shown once), a customer writes, and the delivery appears in the
// log as delivered with the receiver's answer; the receiver got the signed event.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminPage } from './pages/AdminPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';

test('an admin registers a webhook and sees a delivery in the log', async ({ page, whatsapp }) => {
  const received: Array<{ signature: string; body: string }> = [];
  const receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ signature: String(request.headers['x-uzz-signature'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('n8n ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/uzz`;
    await new AdminPage(page).open(whatsapp.url, 'webhooks');
    await new SignInPage(page).signIn(whatsapp.accounts.owner, E2E_PASSWORD);
    const form = page.getByTestId('webhook-form');
    await form.getByLabel('URL').fill(url);
    await form.getByLabel('Description (optional)').fill('n8n');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(page.getByTestId('webhook-secret')).toContainText('whsec_');
    await expect(page.getByTestId('webhook-endpoint')).toContainText(url);
    await expect(page.getByTestId('webhook-endpoint')).toContainText('message.received');

    await whatsapp.customerWrites('5511987654321', 'Cliente Webhook', 'Quero saber do meu pedido');
    const delivery = page.getByTestId('webhook-delivery').filter({ hasText: 'message.received' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(delivery.first()).toBeVisible({ timeout: 15_000 });
    await expect(delivery.first().getByTestId('webhook-delivery-status')).toHaveText('delivered');
    await expect(delivery.first()).toContainText('200');
    await expect(delivery.first()).toContainText('n8n ok');
    expect(received.some((hit) => hit.body.includes('Quero saber do meu pedido') && /^t=\d+,v1=[0-9a-f]{64}$/.test(hit.signature))).toBe(true);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
