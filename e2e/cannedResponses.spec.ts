// Canned responses shared by the team: an admin adds one on the canned responses screen, an agent
// already in a conversation (another browser) gets it live in the composer, picks it with "/",
// the contact's name filled in, and sends it. A shortcut in use is refused with the reason; the
// list is searched, edited and deleted; an agent changes only their own.
import { AppShellPage } from './pages/AppShellPage.js';
import { CannedResponsesPage } from './pages/CannedResponsesPage.js';
import { InboxPage } from './pages/InboxPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';
import { saveScreenshot } from './support/screenshots.js';

test("an admin adds a canned response; an agent picks it in the composer with the contact's name and sends it", async ({ page, browser, whatsapp }) => {
  test.setTimeout(120_000); // two browsers signing in and a live update, on a shared two-core machine
  await whatsapp.customerWrites('5511987659001', 'Carla Mendes', 'Qual o prazo de entrega?');

  // The agent, in a browser of their own, is already replying to Carla.
  const agentContext = await browser.newContext();
  try {
    const agentPage = await agentContext.newPage();
    await new SignInPage(agentPage).open(whatsapp.url);
    await new SignInPage(agentPage).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
    await expect(agentPage.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    const inbox = new InboxPage(agentPage);
    await inbox.open('Carla Mendes');
    await inbox.action(/^Take over$/).click();
    await expect(inbox.threadStatus).toHaveText('With a person');
    await inbox.composer.fill('/');
    await expect(agentPage.getByRole('option', { name: /^\/ola / })).toBeVisible();
    await expect(agentPage.getByRole('option', { name: /^\/prazo / })).toHaveCount(0);
    await inbox.composer.fill('');

    // The admin adds a response with a placeholder.
    await new SignInPage(page).open(whatsapp.url);
    await new SignInPage(page).signIn(whatsapp.accounts.owner, E2E_PASSWORD);
    await new AppShellPage(page).expectSignedInAs('Owner Lima');
    const canned = new CannedResponsesPage(page);
    await canned.open();
    await canned.add('/Prazo', 'Olá {{nome}}! Entregamos em até 2 dias úteis.');
    await expect(canned.status).toHaveText('/prazo added.');
    await expect(canned.item('prazo')).toContainText('Olá {{nome}}! Entregamos em até 2 dias úteis.');
    await expect(canned.item('prazo')).toContainText('by Owner Lima');

    // The agent's composer has it without reloading (live event), filled with Carla's name.
    await inbox.composer.pressSequentially('/praz');
    const option = agentPage.getByRole('option', { name: /^\/prazo / });
    await expect(option).toHaveText('/prazo Olá Carla Mendes! Entregamos em até 2 dias úteis.');
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await saveScreenshot(agentPage, 'inbox-canned-responses');
    await inbox.composer.press('Enter');
    await expect(inbox.composer).toHaveValue('Olá Carla Mendes! Entregamos em até 2 dias úteis.');
    await inbox.composer.press('Enter');
    await expect(inbox.message('Olá Carla Mendes! Entregamos em até 2 dias úteis.')).toHaveAttribute('data-status', 'sent');
    expect(whatsapp.graph.sent.at(-1)?.body).toMatchObject({
      to: '5511987659001',
      type: 'text',
      text: { body: 'Olá Carla Mendes! Entregamos em até 2 dias úteis.' },
    });
  } finally {
    await agentContext.close();
  }

  // The same shortcut again, in another case, is refused with the reason; nothing is added.
  const canned = new CannedResponsesPage(page);
  await canned.add('PRAZO', 'Outra resposta');
  await expect(canned.newForm.getByText('/prazo is already in use: choose another shortcut.')).toBeVisible();
  await expect(canned.newForm.getByLabel('Shortcut')).toHaveAttribute('aria-invalid', 'true');
  await expect(canned.items.filter({ hasText: 'Outra resposta' })).toHaveCount(0);
  await saveScreenshot(page, 'canned-responses');
});

test('the list is searched, edited and deleted; bad shortcuts are explained; an agent changes only their own', async ({ page, whatsapp }) => {
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  const canned = new CannedResponsesPage(page);
  await canned.open();

  // Checked as typed, before anything is sent.
  await canned.fill(canned.newForm, { shortcut: 'dois termos' });
  await expect(canned.newForm.getByText('Only letters, digits, "-" and "_" (no spaces).')).toBeVisible();
  await canned.fill(canned.newForm, { shortcut: 'pix', content: '' });
  await canned.newForm.getByRole('button', { name: 'Add' }).click();
  await expect(canned.newForm.getByText('Write the response.')).toBeVisible();

  await canned.add('pix', 'Nossa chave pix é o CNPJ 12.345.678/0001-90.');
  await expect(canned.status).toHaveText('/pix added.');
  // The defaults have no author: an agent sees them but cannot change them.
  await expect(canned.item('ola').getByRole('button')).toHaveCount(0);

  await canned.search.fill('cnpj');
  await expect(canned.items).toHaveCount(1);
  await expect(canned.item('pix')).toBeVisible();
  await canned.search.fill('nada-disso');
  await expect(page.getByText('No canned response matches "nada-disso".')).toBeVisible();
  await canned.search.fill('');

  await canned.edit('pix', { shortcut: 'chave-pix', content: 'Chave pix: CNPJ 12.345.678/0001-90.' });
  await expect(canned.status).toHaveText('/chave-pix saved.');
  await expect(canned.item('chave-pix')).toContainText('Chave pix: CNPJ 12.345.678/0001-90.');
  await expect(canned.item('pix')).toHaveCount(0);

  await canned.delete('chave-pix');
  await expect(canned.status).toHaveText('/chave-pix deleted.');
  await expect(canned.item('chave-pix')).toHaveCount(0);
});
