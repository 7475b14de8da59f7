// The test phone against the real pipeline (issue 15, item 4): the user plays a customer of
// "padaria" on its sandbox number, a published keyword flow answers with buttons, a tap continues
// the flow, ticks go sent → delivered → read, the conversation shows in the inbox with the Test
// badge and the test filter, an agent takes over and the reply reaches the phone.
import { envelope, inbound, contact } from '../server/features/whatsapp/fixtures/webhookFixtures.js';
import { metaJson, signedPost } from '../server/dev/fakeGraph/signedPost.js';
import { menuFlowDocument, ownerToken, seedFlow } from './flows/seedFlow.js';
import { AppShellPage } from './pages/AppShellPage.js';
import { InboxPage } from './pages/InboxPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { TestPhonePage } from './pages/TestPhonePage.js';
import { E2E_PASSWORD, e2eEnvironment } from './support/env.js';
import { saveScreenshot } from './support/screenshots.js';
import { signInOverApi, trpcMutation, trpcQuery } from './support/trpcHttp.js';
import { expect, test } from '@playwright/test';

const suffix = Date.now().toString(36).slice(-5);
const keyword = `pao${suffix}`;

test.beforeAll(async () => {
  // A keyword flow with reply buttons, published and live (as an admin would make it).
  const token = await ownerToken();
  const env = e2eEnvironment();
  const flow = await seedFlow(`Cardápio do teste ${suffix}`, menuFlowDocument(), { triggerType: 'keyword', triggerKeywords: [keyword] });
  await trpcMutation(env.remoteUrl, 'flows.publish', { id: flow.id }, token);
  await trpcMutation(env.remoteUrl, 'flows.activate', { id: flow.id }, token);
});

test('plays a customer: flow with buttons, ticks, the inbox with the Test badge and filter, an agent reply on the phone', async ({ page }) => {
  const env = e2eEnvironment();
  const customerName = `Joana ${suffix}`;
  const customerPhone = `+55 11 9${String(Date.now()).slice(-8)}`;

  await new SignInPage(page).open(env.remoteUrl);
  await new SignInPage(page).signIn(env.accounts.agent, E2E_PASSWORD);
  // The navigation leads to the test phone (agents and above).
  await new AppShellPage(page).go(/^Test phone$/);
  const phone = new TestPhonePage(page);
  await phone.createCustomer(customerName, customerPhone);

  // A bad number is refused with a reason, before anything reaches the server.
  const form = page.getByRole('form', { name: 'New test customer' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Sem número');
  await form.getByRole('textbox', { name: 'WhatsApp number' }).fill('123');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(form.getByText('Type 10 to 15 digits, with the country code.')).toBeVisible();

  // The keyword starts the flow: a greeting, then a question with two reply buttons.
  await phone.write(keyword);
  await expect(phone.message(keyword, 'customer')).toBeVisible();
  await expect(phone.message(`Olá, ${customerName}! Bem-vindo à Padaria.`, 'business')).toBeVisible();
  await expect(phone.message('O que você quer?', 'business')).toBeVisible();
  // The chat is open: the replies are delivered, then read (blue ticks).
  await expect(phone.ticksOf('O que você quer?')).toHaveAttribute('data-status', 'read');

  // Tapping a button answers it and the flow goes on: the customer asks for a person.
  await phone.replyButton('Atendente').click();
  await expect(phone.message('Atendente', 'customer')).toBeVisible();
  await expect(phone.message('Chamando um atendente.', 'business')).toBeVisible();
  await expect(phone.ticksOf('Chamando um atendente.')).toHaveAttribute('data-status', 'read');

  // A real customer of the client writes too (signed webhook to the client's real number).
  const realPhone = `55119${String(Date.now()).slice(-8)}`;
  const realName = `Cliente real ${suffix}`;
  const response = await signedPost(
    `${env.remoteUrl}/webhooks/whatsapp`,
    metaJson(envelope(env.phoneNumberId, { messages: [inbound.text(realPhone, 'Bom dia, vocês abrem domingo?')], contacts: [contact(realPhone, realName)] })),
    env.appSecret,
  );
  expect(response.ok).toBe(true);

  // The inbox: the test conversation has the Test badge; the filter hides or isolates tests.
  await new AppShellPage(page).go(/Inbox$/);
  const inbox = new InboxPage(page);
  await expect(inbox.conversation(customerName).getByTestId('test-badge')).toHaveText('Test');
  await expect(inbox.conversation(realName)).toBeVisible();
  await expect(inbox.conversation(realName).getByTestId('test-badge')).toHaveCount(0);
  await page.getByTestId('test-filter-hide').click();
  await expect(inbox.conversation(customerName)).toHaveCount(0);
  await expect(inbox.conversation(realName)).toBeVisible();
  await page.getByTestId('test-filter-only').click();
  await expect(inbox.conversation(customerName)).toBeVisible();
  await expect(inbox.conversation(realName)).toHaveCount(0);
  await page.getByTestId('test-filter-all').click();
  await expect(inbox.conversation(realName)).toBeVisible();

  // The agent takes the handed-off conversation and replies from the inbox.
  await inbox.open(customerName);
  await inbox.action(/^Take over$/).click();
  await expect(inbox.threadStatus).toHaveText('With a person');
  await inbox.reply('Oi Joana, aqui é a Agent. Em que posso ajudar?');
  await expect(inbox.message('Oi Joana, aqui é a Agent.')).toHaveAttribute('data-status', /sent|delivered|read/);

  // Back on the phone, the agent's reply is there (live), and gets read while the chat is open.
  await new AppShellPage(page).go(/^Test phone$/);
  await phone.customer(customerName).getByRole('link').click();
  await expect(phone.message('Oi Joana, aqui é a Agent.', 'business')).toBeVisible();
  await expect(phone.ticksOf('Oi Joana, aqui é a Agent.')).toHaveAttribute('data-status', 'read');

  // A reply while the phone is open arrives without reloading.
  await agentSends(customerName, 'Já separamos o seu pão.');
  await expect(phone.message('Já separamos o seu pão.', 'business')).toBeVisible();

  // A location from the phone, and an image with a caption.
  await phone.phone.getByRole('button', { name: 'Send a location' }).click();
  const sheet = page.getByTestId('location-sheet');
  await sheet.getByRole('textbox', { name: 'Latitude' }).fill('-23.5614');
  await sheet.getByRole('textbox', { name: 'Longitude' }).fill('-46.6559');
  await sheet.getByRole('textbox', { name: 'Place name (optional)' }).fill('Avenida Paulista');
  await sheet.getByRole('button', { name: 'Send' }).click();
  await expect(phone.message('Avenida Paulista', 'customer')).toBeVisible();
  await saveScreenshot(page, 'test-phone');
  await page.getByTestId('phone-image-input').setInputFiles({ name: 'pao.png', mimeType: 'image/png', buffer: PNG });
  const preview = page.getByTestId('media-preview');
  await preview.getByRole('textbox', { name: 'Caption (optional)' }).fill('Este aqui');
  await preview.getByRole('button', { name: 'Send' }).click();
  await expect(phone.message('Este aqui', 'customer').getByRole('img')).toBeVisible();

  // A voice note from an audio file; a file of the wrong kind is refused in the phone, with the reason.
  await page
    .getByTestId('phone-audio-input')
    .setInputFiles({ name: 'nota.ogg', mimeType: 'audio/ogg', buffer: Buffer.from('OggS\0\x02 test-phone voice note') });
  await page.getByTestId('media-preview').getByRole('button', { name: 'Send' }).click();
  await expect(phone.phone.locator('[data-from="customer"] audio, [data-from="customer"]:has-text("Voice message")').last()).toBeVisible();
  await page.getByTestId('phone-image-input').setInputFiles({ name: 'notas.txt', mimeType: 'text/plain', buffer: Buffer.from('não é imagem') });
  await expect(phone.error).toContainText('notas.txt cannot be sent from the test phone (text/plain): pick a JPEG, PNG or WebP image.');

  // Clearing (confirmed) removes every test customer and their conversations from the inbox too.
  await page.getByTestId('clear-test-customers').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
  await expect(phone.customer(customerName)).toHaveCount(0);
  await expect(page.getByText('No test customer yet: create one below to start.')).toBeVisible();
  await new AppShellPage(page).go(/Inbox$/);
  await expect(inbox.conversation(realName)).toBeVisible();
  await expect(inbox.conversation(customerName)).toHaveCount(0);
});

// A 1×1 PNG (the test phone sends what the file picker gives it).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function agentToken() {
  const env = e2eEnvironment();
  return signInOverApi(env.remoteUrl, env.accounts.agent, E2E_PASSWORD);
}

/** The agent's reply over the API (conversations.send), to the conversation found by the customer's name. */
async function agentSends(name: string, text: string) {
  const env = e2eEnvironment();
  const token = await agentToken();
  const list = await trpcQuery<{ items: { id: string }[] }>(env.remoteUrl, 'conversations.list', { search: name, limit: 1 }, token);
  await trpcMutation(env.remoteUrl, 'conversations.send', { conversationId: list.items[0]!.id, content: { kind: 'text', text } }, token);
}
