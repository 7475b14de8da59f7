// The agent inbox against a real server and the fake Graph API: messages arrive through the signed
// webhook and appear live; the agent takes over, replies and watches the ticks; a failed send shows
// Meta's reason and goes out on retry; outside the 24-hour window only templates are offered; a
// viewer cannot act.
import { AppShellPage } from './pages/AppShellPage.js';
import { InboxPage } from './pages/InboxPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';
import { saveScreenshot } from './support/screenshots.js';

test('a customer message appears live; the agent takes over, replies, and sees it delivered and read', async ({ page, whatsapp }) => {
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  await new AppShellPage(page).expectSignedInAs('Agent Lima');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  const inbox = new InboxPage(page);

  await whatsapp.customerWrites('5511987650001', 'Maria Souza', 'Oi, vocês entregam hoje?');
  await expect(inbox.conversation('Maria Souza')).toContainText('Oi, vocês entregam hoje?');
  await expect(inbox.conversation('Maria Souza').locator('.badge')).toHaveText('1');

  await inbox.open('Maria Souza');
  await expect(inbox.message('Oi, vocês entregam hoje?')).toBeVisible();
  await expect(inbox.windowBanner).toHaveAttribute('data-open', 'true');
  await expect(inbox.windowBanner).toContainText(/24-hour window: 2[34] hr/);
  await expect(page.getByText('Take over the conversation to reply.')).toBeVisible();

  await inbox.action(/^Take over$/).click();
  await expect(inbox.threadStatus).toHaveText('With a person');
  await inbox.reply('Entregamos sim! Até as 18h.');
  const reply = inbox.message('Entregamos sim! Até as 18h.');
  await expect(reply).toHaveAttribute('data-status', 'sent');
  expect(whatsapp.graph.sent.at(-1)?.body).toMatchObject({ to: '5511987650001', type: 'text', text: { body: 'Entregamos sim! Até as 18h.' } });

  await whatsapp.status('5511987650001', 'delivered');
  await expect(reply).toHaveAttribute('data-status', 'delivered');
  await whatsapp.status('5511987650001', 'read');
  await expect(reply).toHaveAttribute('data-status', 'read');
  await expect(reply.getByRole('img', { name: 'Read' })).toBeVisible();

  // More messages arrive live in the open conversation.
  await whatsapp.customerWrites('5511987650001', 'Maria Souza', 'Perfeito, obrigada!');
  await expect(inbox.message('Perfeito, obrigada!')).toBeVisible();
  await saveScreenshot(page, 'inbox');

  // The "Human" tab has it; "Bot" does not.
  await inbox.tab('humano').click();
  await expect(inbox.conversation('Maria Souza')).toBeVisible();
  await inbox.tab('bot').click();
  await expect(inbox.conversation('Maria Souza')).toHaveCount(0);
  await inbox.tab('all').click();
});

test("a failed send shows Meta's reason and goes out on retry", async ({ page, whatsapp }) => {
  await whatsapp.customerWrites('5511987650002', 'João Pereira', 'Quero mudar meu pedido');
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  const inbox = new InboxPage(page);
  await inbox.open('João Pereira');
  await inbox.action(/^Take over$/).click();
  await expect(inbox.threadStatus).toHaveText('With a person');

  whatsapp.graph.failNext('5511987650002', 131026, 1);
  await inbox.reply('Claro, qual item?');
  const message = inbox.message('Claro, qual item?');
  await expect(message).toHaveAttribute('data-status', 'failed');
  await expect(message.getByRole('alert')).toContainText('Not sent:');
  await saveScreenshot(page, 'inbox-failed-send');
  await message.getByRole('button', { name: 'Retry' }).click();
  await expect(message).toHaveAttribute('data-status', 'sent');
});

test('outside the 24-hour window only templates are offered, with the reason', async ({ page, whatsapp }) => {
  await whatsapp.customerWrites('5511987650003', 'Ana Costa', 'Mensagem de ontem', 26 * 3600);
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  const inbox = new InboxPage(page);
  await inbox.open('Ana Costa');
  await inbox.action(/^Take over$/).click();
  await expect(inbox.windowBanner).toHaveAttribute('data-open', 'false');
  await expect(inbox.windowBanner).toContainText('The 24-hour window is closed');
  await expect(inbox.composer).toHaveCount(0);
  await page.getByRole('button', { name: 'Templates' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a template' });
  await dialog.getByLabel('Template').fill('pedido_pronto');
  await dialog.getByLabel('Parameter 1').fill('Ana');
  await dialog.getByRole('button', { name: 'Send template' }).click();
  await expect(inbox.message('pedido_pronto')).toHaveAttribute('data-status', 'sent');
  expect(whatsapp.graph.sent.at(-1)?.body).toMatchObject({
    to: '5511987650003',
    type: 'template',
    template: { name: 'pedido_pronto', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] },
  });
});

test('an agent hands a conversation to a colleague, who finds it under "Mine"', async ({ page, browser, whatsapp }) => {
  await whatsapp.customerWrites('5511987650006', 'Helena Prado', 'Preciso falar com o gerente');
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  const inbox = new InboxPage(page);
  await inbox.open('Helena Prado');
  // The agent is not an admin: the colleagues come from the team directory.
  await expect(inbox.assignMenu.getByRole('option')).toHaveText(['Nobody', 'Agent Lima (me)', 'Owner Lima']);
  await inbox.assignMenu.selectOption({ label: 'Owner Lima' });
  await expect(inbox.threadStatus).toHaveText('With a person');

  const ownerPage = await browser.newPage();
  try {
    await new SignInPage(ownerPage).open(whatsapp.url);
    await new SignInPage(ownerPage).signIn(whatsapp.accounts.owner, E2E_PASSWORD);
    const ownerInbox = new InboxPage(ownerPage);
    await ownerInbox.scope('Mine').click();
    await expect(ownerInbox.conversation('Helena Prado')).toBeVisible();
    await ownerInbox.open('Helena Prado');
    await expect(ownerInbox.assignMenu).toHaveValue(await inbox.assignMenu.inputValue());
  } finally {
    await ownerPage.close();
  }
});

test('a viewer reads conversations but cannot take them over', async ({ page, whatsapp }) => {
  await whatsapp.customerWrites('5511987650004', 'Carla Duarte', 'Olá');
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.viewer, E2E_PASSWORD);
  const inbox = new InboxPage(page);
  await inbox.open('Carla Duarte');
  await expect(inbox.message('Olá')).toBeVisible();
  await expect(page.getByText('Viewers can read conversations but not act on them.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Take over' })).toHaveCount(0);
  await expect(inbox.composer).toHaveCount(0);
});

test('says it is reconnecting when the server goes away, then catches up without gaps or duplicates', async ({ page, whatsapp }) => {
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  const inbox = new InboxPage(page);
  const connection = page.getByTestId('connection-state');
  await expect(connection).toHaveAttribute('data-state', 'live');
  await whatsapp.customerWrites('5511987650005', 'Bruno Alves', 'Primeira');
  await inbox.open('Bruno Alves');
  await expect(inbox.message('Primeira')).toBeVisible();

  await whatsapp.stopServer();
  await expect(connection).toHaveAttribute('data-state', 'reconnecting');
  await expect(connection).toHaveText('Reconnecting…');
  await whatsapp.startServer();
  // Written right after the restart: it reaches the page either live or through the catch-up.
  await whatsapp.customerWrites('5511987650005', 'Bruno Alves', 'Segunda, depois da queda');
  await expect(connection).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(inbox.message('Segunda, depois da queda')).toHaveCount(1);
  await expect(inbox.message('Primeira')).toHaveCount(1);
  // And the stream keeps working afterwards.
  await whatsapp.customerWrites('5511987650005', 'Bruno Alves', 'Terceira, ao vivo');
  await expect(inbox.message('Terceira, ao vivo')).toHaveCount(1);
});
