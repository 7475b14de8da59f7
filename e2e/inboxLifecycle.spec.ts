// A conversation's lifecycle in the inbox, in Chromium: priority shown and changed, resolve and the
// customer's next message reopening it, snooze until a time (and the customer's message waking it
// early), and a move the server refuses because someone else changed the chat meanwhile.
import { InboxPage } from './pages/InboxPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';
import { signInOverApi, trpcMutation } from './support/trpcHttp.js';

test('resolves a chat that the customer reopens, and sets its priority', async ({ page, whatsapp }) => {
  await whatsapp.customerWrites('5511987653001', 'Bruna Tavares', 'Meu pedido chegou quebrado');
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  const inbox = new InboxPage(page);
  await inbox.open('Bruna Tavares');
  await inbox.action(/^Take over$/).click();
  await expect(inbox.threadStatus).toHaveText('With a person');

  // Priority: changed in the thread, shown in the list.
  await expect(inbox.priorityMenu).toHaveValue('normal');
  await inbox.priorityMenu.selectOption('urgent');
  await expect(inbox.conversation('Bruna Tavares').getByTestId('priority')).toHaveText('Urgent');
  await expect(inbox.conversation('Bruna Tavares')).toHaveAttribute('data-priority', 'urgent');

  await inbox.lifecycleAction(/^Resolve$/).click();
  await expect(inbox.threadStatus).toHaveText('Resolved');
  await expect(inbox.lifecycle).toContainText('the customer’s next message reopens it with the bot');
  await expect(inbox.lifecycleAction(/^Resolve$/)).toHaveCount(0);
  await expect(inbox.action(/^Transfer$/)).toHaveCount(0); // the machine refuses resolved → transferred: not offered
  await inbox.tab('resolved').click();
  await expect(inbox.conversation('Bruna Tavares')).toBeVisible();
  await inbox.tab('all').click();

  // The customer writes again: the chat reopens with the bot, live.
  await whatsapp.customerWrites('5511987653001', 'Bruna Tavares', 'Alguém aí?');
  await expect(inbox.threadStatus).toHaveText('Bot answering');
  await expect(inbox.message('Alguém aí?')).toBeVisible();
});

test('snoozes until a time, refuses a time in the past, and wakes up when the customer writes', async ({ page, whatsapp }) => {
  await whatsapp.customerWrites('5511987653002', 'Caetano Luz', 'Vou ver com minha esposa e volto');
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  const inbox = new InboxPage(page);
  await inbox.open('Caetano Luz');
  await inbox.action(/^Take over$/).click();
  await expect(inbox.threadStatus).toHaveText('With a person');

  await inbox.lifecycleAction(/^Snooze$/).click();
  const when = page.getByLabel('Snooze until', { exact: true });
  const localTime = (offsetMs: number) =>
    page.evaluate((offset) => {
      const date = new Date(Date.now() + offset);
      const pad = (value: number) => String(value).padStart(2, '0');
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
    }, offsetMs);
  await when.fill(await localTime(-2 * 60 * 60_000));
  await inbox.lifecycleAction(/^Snooze until then$/).click();
  await expect(inbox.lifecycle.getByRole('alert')).toHaveText('Pick a date and time in the future.');

  await when.fill(await localTime(3 * 60 * 60_000));
  await inbox.lifecycleAction(/^Snooze until then$/).click();
  await expect(inbox.threadStatus).toHaveText('Snoozed');
  await expect(page.getByTestId('snoozed-until')).toContainText('Snoozed until');
  await expect(inbox.conversation('Caetano Luz').getByText('Snoozed', { exact: true })).toBeVisible();

  // The customer writes before the time: back to the agent who had it.
  await whatsapp.customerWrites('5511987653002', 'Caetano Luz', 'Pode fechar o pedido!');
  await expect(inbox.threadStatus).toHaveText('With a person');
  await expect(page.getByTestId('snoozed-until')).toHaveCount(0);
  await expect(inbox.composer).toBeEnabled();
});

test('says so when a move is refused because someone else changed the chat meanwhile', async ({ page, whatsapp }) => {
  await whatsapp.customerWrites('5511987653003', 'Dora Fontes', 'Preciso trocar o tamanho');
  // This screen stops hearing live events, as a flaky connection would: it keeps showing the old status.
  await page.route('**/trpc/conversations.live**', (route) => route.abort());
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  const inbox = new InboxPage(page);
  await inbox.open('Dora Fontes');
  await inbox.action(/^Take over$/).click();
  await expect(inbox.threadStatus).toHaveText('With a person');

  // Meanwhile an admin resolves it elsewhere.
  const conversationId = new URL(page.url()).pathname.split('/').at(-1)!;
  const token = await signInOverApi(whatsapp.url, whatsapp.accounts.owner, E2E_PASSWORD);
  await trpcMutation(whatsapp.url, 'conversations.resolve', { conversationId }, token);

  // A resolved chat cannot be transferred: the server refuses, the screen says so and catches up.
  await inbox.action(/^Transfer$/).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not done: this conversation had changed meanwhile' })).toBeVisible();
  await expect(inbox.threadStatus).toHaveText('Resolved');
});
