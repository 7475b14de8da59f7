// Customer opt-out as the team sees it: a customer who writes SAIR gets the confirmation, the open
// chat shows they opted out (an agent can opt them back in), and an owner changes the keywords in
// Admin > Opt-out.
import { AdminPage } from './pages/AdminPage.js';
import { InboxPage } from './pages/InboxPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';

test('a customer who writes SAIR is shown opted out, an agent opts them back in, and the owner changes the keywords', async ({ page, browser, whatsapp }) => {
  await whatsapp.customerWrites('5511987653001', 'Rita Lopes', 'Oi, tudo bem?');
  await whatsapp.customerWrites('5511987653001', 'Rita Lopes', 'Sair');
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  const inbox = new InboxPage(page);
  await inbox.open('Rita Lopes');
  const badge = page.getByTestId('opt-out-badge');
  await expect(badge).toContainText('Opted out');
  await expect(badge).toContainText('(sent SAIR).');
  await expect(inbox.message('Pronto, você não receberá mais mensagens nossas.')).toBeVisible();
  await badge.getByRole('button', { name: 'Opt back in' }).click();
  await expect(badge).toHaveCount(0);

  const owner = await browser.newPage();
  try {
    // Asked for first, the screen opens once signed in.
    await new AdminPage(owner).open(whatsapp.url, 'opt-out');
    await new SignInPage(owner).signIn(whatsapp.accounts.owner, E2E_PASSWORD);
    const form = owner.getByTestId('opt-out-form');
    await expect(form.getByLabel('Words that stop messages')).toHaveValue('SAIR, PARAR, CANCELAR, STOP');
    await form.getByLabel('Words that stop messages').fill('SAIR, DESCADASTRAR');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('status')).toHaveText('Saved.');
    await owner.reload();
    await expect(owner.getByTestId('opt-out-form').getByLabel('Words that stop messages')).toHaveValue('SAIR, DESCADASTRAR');
  } finally {
    await owner.close();
  }
});
