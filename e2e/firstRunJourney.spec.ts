// A newcomer's first minutes (issue 15), from an empty data directory, on SQLite and PostgreSQL:
// set-up in the browser with the sample content → the sample flow answers on the test phone
// (reply buttons, a question that refuses a bad e-mail) → a handoff → the owner replies from the
// inbox and the reply shows on the test phone with ticks → back to the bot. Without a provider the
// fallback message answers; after connecting one through the provider form (the fake model server
// where an Ollama would be), the bot's AI reply answers on the test phone. No Meta credentials anywhere.
import { expect, test, type Page } from '@playwright/test';
import { AppShellPage } from './pages/AppShellPage.js';
import { InboxPage } from './pages/InboxPage.js';
import { TestPhonePage } from './pages/TestPhonePage.js';
import { startJourneyWorld, type JourneyWorld } from './support/journeyWorld.js';

for (const kind of ['sqlite', 'pg'] as const) {
  test.describe(`first run on ${kind}`, () => {
    test.describe.configure({ timeout: 150_000 });
    let world: JourneyWorld;
    test.beforeAll(async () => {
      test.setTimeout(120_000);
      world = await startJourneyWorld(kind);
      world.models.setDefault('journey-model', { kind: 'ok' });
    });
    test.afterAll(async () => {
      await world?.dispose();
    });

    test('set-up, the sample flow on the test phone, a handoff answered from the inbox, then the AI reply', async ({ page }) => {
      await setUp(page, world.url);
      const shell = new AppShellPage(page);
      await expect(page).toHaveURL(/\/test-phone$/);

      // The sample flow, live on the sandbox number: a greeting starts it.
      const phone = new TestPhonePage(page);
      await phone.createCustomer('Bruno Costa', '+55 11 91234-5678');
      await phone.write('hi');
      await expect(phone.message("Hi Bruno Costa! 👋 This is our shop's automatic assistant", 'business')).toBeVisible();
      await expect(phone.ticksOf('Hi Bruno Costa! 👋')).toHaveAttribute('data-status', 'read');

      // A reply button, then the validated question: a bad e-mail is refused, a good one accepted.
      await phone.replyButton('Get news').click();
      await expect(phone.message('What is your e-mail address?', 'business')).toBeVisible();
      await phone.write('bruno at example');
      await expect(phone.message('Hmm, that does not look like an e-mail address.', 'business')).toBeVisible();
      await phone.write('bruno@example.com');
      await expect(phone.message('Thank you! We will send the news to bruno@example.com.', 'business')).toBeVisible();

      // The menu again, and the handoff to a person.
      await phone.write('menu');
      await expect(phone.message("This is our shop's automatic assistant", 'business')).toHaveCount(2);
      await phone.replyButton('Talk to a person').last().click();
      await expect(phone.message('Someone from our team will continue the conversation in a moment.', 'business')).toBeVisible();

      // The owner answers from the inbox, where the conversation is marked as a test.
      await shell.go(/Inbox$/);
      const inbox = new InboxPage(page);
      await expect(inbox.conversation('Bruno Costa').getByTestId('test-badge')).toBeVisible();
      await inbox.open('Bruno Costa');
      await inbox.action(/^Take over$/).click();
      await expect(inbox.threadStatus).toHaveText('With a person');
      await inbox.reply('Hello Bruno, this is Ana. How can I help?');
      await expect(inbox.message('Hello Bruno, this is Ana.')).toHaveAttribute('data-status', /sent|delivered|read/);
      await inbox.action(/^Return to the bot$/).click();
      await expect(inbox.action(/^Return to the bot$/)).toHaveCount(0);

      // On the phone: the person's reply, read while the chat is open.
      await shell.go(/^Test phone$/);
      await phone.customer('Bruno Costa').getByRole('link').click();
      await expect(phone.message('Hello Bruno, this is Ana.', 'business')).toBeVisible();
      await expect(phone.ticksOf('Hello Bruno, this is Ana.')).toHaveAttribute('data-status', 'read');

      // No model provider yet: the sample content's fallback message answers a question.
      await phone.write('Do you deliver on Sundays?');
      await expect(phone.message('Our assistant cannot answer right now', 'business')).toBeVisible();

      // The owner connects a model provider through the form; the bot then answers with it.
      await page.goto(`${world.url}/admin/ai`);
      const form = page.getByTestId('connect-provider-form');
      await form.getByLabel('Provider').selectOption('openai_compatible');
      await form.getByLabel('Base URL').fill(world.models.baseUrl);
      await form.getByRole('button', { name: 'Test connection' }).click();
      await expect(form.getByTestId('test-ok')).toContainText('Connected');
      await form.getByLabel('Model', { exact: true }).selectOption('journey-model');
      await form.getByRole('button', { name: 'Save and use' }).click();
      await expect(page.getByTestId('provider-openai_compatible')).toContainText('in use');

      // The fallback handed the chat to a person: give it back to the bot, then ask again.
      await page.goto(`${world.url}/inbox`);
      await inbox.open('Bruno Costa');
      const giveBack = inbox.action(/^Return to the bot$/);
      if (await giveBack.count()) await giveBack.click();
      await shell.go(/^Test phone$/);
      await phone.customer('Bruno Costa').getByRole('link').click();
      await phone.write('What time do you open on Saturday?');
      await expect(phone.message('Resposta de journey-model: What time do you open on Saturday?', 'business')).toBeVisible();
      expect(world.models.requestsFor('journey-model').filter((request) => request.path === '/chat/completions').length).toBeGreaterThan(0);
    });
  });
}

async function setUp(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Set up your server' })).toBeVisible();
  await page.getByLabel('Business name').fill('Café Aurora');
  await page.getByLabel('Your name').fill('Ana Lima');
  await page.getByLabel('E-mail').fill('ana@cafe-aurora.test');
  await page.getByLabel('Password', { exact: true }).fill('aurora coffee 2026');
  await page.getByRole('button', { name: 'Create and sign in' }).click();
  await new AppShellPage(page).expectSignedInAs('Ana Lima');
}
