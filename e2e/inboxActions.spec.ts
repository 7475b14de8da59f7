// The rest of an agent's day in the inbox, through the UI: finding a chat by the text of a message,
// replying with an emoji, transferring (the browser's Notification says a person is awaited and
// clicking it opens the chat) and returning it to the bot.
import { inbound } from '../server/features/whatsapp/fixtures/webhookFixtures.js';
import { InboxPage } from './pages/InboxPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';

type RecordedNotification = { title: string; body: string; click(): void };

test('finds a chat by message text, replies with an emoji, transfers with a notification that opens it, returns it to the bot', async ({ page, whatsapp }) => {
  // The web Notification API, recorded (a headless browser shows nothing to click).
  await page.addInitScript(() => {
    const shown: { title: string; body: string; click(): void }[] = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body?: string } = {}) {
        shown.push({ title, body: options.body ?? '', click: () => this.onclick?.() });
      }
      close() {}
    }
    (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
  });
  await whatsapp.customerWrites('5511987652001', 'Otávio Ramos', 'Quero cancelar o pedido 4471');
  await whatsapp.customerWrites('5511987652002', 'Paula Siqueira', 'Bom dia, qual o horário?');
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  const inbox = new InboxPage(page);

  // Search reaches the text of messages, not only names and phones.
  await expect(inbox.conversation('Paula Siqueira')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search by name, phone or text' }).fill('4471');
  await expect(inbox.conversation('Otávio Ramos')).toBeVisible();
  await expect(inbox.conversation('Paula Siqueira')).toHaveCount(0);
  await inbox.open('Otávio Ramos');

  await inbox.action(/^Take over$/).click();
  await expect(inbox.threadStatus).toHaveText('With a person');
  await page.getByRole('button', { name: 'Emoji', exact: true }).click();
  await page.getByRole('dialog', { name: 'Emoji' }).getByRole('button', { name: '🙏' }).click();
  await inbox.composer.press('End');
  await inbox.composer.pressSequentially(' Vou verificar');
  await inbox.composer.press('Enter');
  await expect(inbox.message('🙏 Vou verificar')).toHaveAttribute('data-status', 'sent');
  expect(whatsapp.graph.sent.at(-1)?.body).toMatchObject({ to: '5511987652001', text: { body: '🙏 Vou verificar' } });

  await inbox.action(/^Transfer$/).click();
  await expect(inbox.threadStatus).toHaveText('Transferred, waiting for a person');
  const shown = () => page.evaluate(() => (window as unknown as { shownNotifications: RecordedNotification[] }).shownNotifications.map((n) => n.title));
  await expect.poll(shown).toContain('Otávio Ramos is waiting for a person');

  // Elsewhere in the app, the notification's click brings the chat back.
  await page.getByRole('searchbox', { name: 'Search by name, phone or text' }).fill('');
  await inbox.open('Paula Siqueira');
  await page.evaluate(() =>
    (window as unknown as { shownNotifications: RecordedNotification[] }).shownNotifications
      .find((n) => n.title === 'Otávio Ramos is waiting for a person')!
      .click(),
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Otávio Ramos' })).toBeVisible();

  await inbox.action(/^Return to the bot$/).click();
  await expect(inbox.threadStatus).toHaveText('Bot answering');
  await expect(inbox.action(/^Return to the bot$/)).toHaveCount(0);
});

test('draws a location with a map link, a shared contact card and a reaction', async ({ page, whatsapp }) => {
  const phone = '5511987652003';
  await whatsapp.customerSends(phone, 'Renata Vidal', inbound.text(phone, 'Vou passar aí', { id: 'wamid.E2E-RENATA-1' }));
  await whatsapp.customerSends(phone, 'Renata Vidal', inbound.location(phone));
  await whatsapp.customerSends(phone, 'Renata Vidal', inbound.contacts(phone));
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  const inbox = new InboxPage(page);
  await inbox.open('Renata Vidal');
  await expect(inbox.message('MASP — Av. Paulista, 1578 - São Paulo')).toBeVisible();
  await expect(inbox.message('MASP').getByRole('link', { name: /Open in a map/ })).toHaveAttribute('href', /-23\.5613/);
  await expect(inbox.message('Shared contact')).toContainText('João da Silva');
  await expect(inbox.message('Shared contact')).toContainText('+55 11 99999-1234');

  await whatsapp.customerSends(phone, 'Renata Vidal', inbound.reaction(phone, 'wamid.E2E-RENATA-1', '👍'));
  await expect(page.getByTestId('message').filter({ hasText: 'Reacted 👍' })).toBeVisible();
});
