// API keys in Chromium: an admin creates a key limited to one scope, copies it from the one time it
// is shown, and the key does what its scope allows and nothing more; revoked, it opens nothing.
import { AdminPage } from '../pages/AdminPage.js';
import { AppShellPage } from '../pages/AppShellPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { E2E_PASSWORD } from '../support/env.js';
import { expect, test } from '../support/fixtures.js';

test('a key limited to contacts:read reads contacts, is refused everything else, and stops at its revocation', async ({ page, whatsapp }) => {
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.owner, E2E_PASSWORD);
  await new AppShellPage(page).expectSignedInAs(/Owner/);
  await new AdminPage(page).open(whatsapp.url, 'api-keys');
  const panel = page.getByRole('region', { name: 'API keys' });
  await panel.getByLabel('Key name').fill('CRM somente leitura');
  await panel.getByRole('checkbox', { name: 'contacts:read' }).check();
  await panel.getByRole('button', { name: 'Create key' }).click();
  const shown = await panel.getByTestId('new-api-key').textContent();
  const key = /uzz-sk-\S+/.exec(shown ?? '')?.[0];
  expect(key, 'the new key is on screen').toBeTruthy();
  const row = panel.getByTestId('api-keys').getByRole('listitem').filter({ hasText: 'CRM somente leitura' });
  await expect(row).toContainText('contacts:read');
  await expect(row).toContainText('never used');
  await expect(row).not.toContainText(key!.slice(12)); // the list shows a prefix, never the key

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${whatsapp.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers } });
  expect((await call('/api/v1/contacts')).status).toBe(200);
  const send = await call('/api/v1/messages', { method: 'POST', body: JSON.stringify({ to: '5511987650300', type: 'text', text: 'Oi' }) });
  expect(send.status).toBe(403);
  expect(await send.json()).toMatchObject({ error: { status: 403, code: 'forbidden' } });
  expect((await call('/v1/models')).status).toBe(403); // the AI gateway needs ai:use
  await page.reload();
  await expect(row).toContainText('last used');

  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('revoked');
  await expect(row.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
  expect((await call('/api/v1/contacts')).status).toBe(401);
});
