// The settings forms in the browser, on SQLite and PostgreSQL (issue 18): the bot's configuration
// (field errors before anything is sent, then a greeting, a hand-off keyword and a paused message
// the customer gets), voice, where budget alerts go, and the platform's budget for the client: in
// alert-only mode the bot keeps answering past the limit and the 100 % alert is raised (and shown in
// the owner's app); in tokens mode with "pause" the bot stops on tokens. The client's own fallback
// chain is edited in the bot form. Every save is in the audit log.
import { expect, test, type Page } from '@playwright/test';
import { SignInPage } from '../pages/SignInPage.js';
import { E2E_PASSWORD } from '../support/env.js';
import { startSettingsWorld, type SettingsWorld } from '../support/settingsWorld.js';
import { trpcQuery } from '../support/trpcHttp.js';

const saved = (page: Page, form: string) =>
  page
    .getByRole('form', { name: form })
    .getByRole('status')
    .filter({ hasText: /^Saved\.$/ });

for (const kind of ['sqlite', 'pg'] as const) {
  test.describe(`settings forms on ${kind}`, () => {
    test.describe.configure({ mode: 'serial', timeout: 120_000 });
    let world: SettingsWorld;
    test.beforeAll(async () => {
      test.setTimeout(180_000);
      world = await startSettingsWorld(kind);
    });
    test.afterAll(async () => {
      await world?.dispose();
    });

    async function signIn(page: Page, email: string) {
      const signInPage = new SignInPage(page);
      await signInPage.open(world.url);
      await signInPage.signIn(email, E2E_PASSWORD);
      await expect(page.getByTestId('signed-in-as')).toBeVisible();
    }

    test('the bot form: field errors, then greeting, hand-off keywords and facts reach the customer', async ({ page }) => {
      await signIn(page, world.accounts.owner);
      await page.goto(`${world.url}/admin/bot`);
      const form = page.getByRole('form', { name: 'Bot configuration' });
      await form.getByLabel('System prompt (who the bot is, tone, what it may answer)').fill('Você é a atendente da Floricultura Sol.');
      await form.getByLabel('Temperature (0–2)').fill('5');
      await form.getByLabel('Longest answer (tokens)').fill('12.5');
      await form.getByRole('button', { name: 'Save' }).click();
      await expect(form.getByText('At most 2.')).toBeVisible();
      await expect(form.getByText('Enter a whole number.')).toBeVisible();

      await form.getByLabel('Temperature (0–2)').fill('0.4');
      await form.getByLabel('Longest answer (tokens)').fill('');
      await form.getByLabel('Model', { exact: true }).fill('openai/bot-main');
      // The client's own fallback chain: picked from the registry, reordered, one removed.
      const chain = form.getByTestId('fallback-chain');
      await expect(chain.getByTestId('fallback-platform')).toBeVisible();
      for (const model of ['openai/bot-main', 'openai/bot-backup']) {
        await chain.getByLabel('Model to add').selectOption(model);
        await chain.getByRole('button', { name: 'Add to the chain' }).click();
      }
      // A model already in the chain is not offered again.
      await expect(chain.getByLabel('Model to add').locator('option', { hasText: /^openai\/bot-(main|backup)$/ })).toHaveCount(0);
      await chain.getByRole('button', { name: 'Move openai/bot-backup up' }).click();
      await expect(chain.getByRole('listitem')).toHaveText([/openai\/bot-backup/, /openai\/bot-main/]);
      await chain.getByRole('button', { name: 'Remove openai/bot-main' }).click();
      await form.getByLabel('Greeting (sent before the first answer of a conversation)').fill('Olá! Bem-vindo à Floricultura Sol.');
      await form.getByLabel('Hand-off message (when the customer asks for a person)').fill('Já chamo uma pessoa para você.');
      await form.getByLabel('Message while the budget pauses the bot').fill('Nosso robô está em pausa; uma pessoa já responde.');
      await form.getByLabel('Hand-off keywords (one per line)').fill('atendente\nfalar com humano');
      await form.getByRole('button', { name: 'Add a fact' }).click();
      await form.getByLabel('Name', { exact: true }).fill('Horário');
      await form.getByLabel('Text', { exact: true }).fill('seg a sáb, 8h–18h');
      await form.getByRole('button', { name: 'Save' }).click();
      await expect(saved(page, 'Bot configuration')).toBeVisible();

      await world.customerWrites('5511988880001', 'Vocês entregam rosas?');
      const replies = await world.waitForReplies('5511988880001', 2);
      expect(replies).toEqual(['Olá! Bem-vindo à Floricultura Sol.', 'Resposta de bot-main: Vocês entregam rosas?']);
      const [request] = world.models.requestsFor('bot-main').slice(-1);
      expect(request!.body).toMatchObject({ temperature: 0.4 });
      expect((request!.body.messages as Array<{ content: string }>)[0]!.content).toContain('Horário: seg a sáb, 8h–18h');

      await world.customerWrites('5511988880001', 'Quero falar com um atendente');
      expect((await world.waitForReplies('5511988880001', 3))[2]).toBe('Já chamo uma pessoa para você.');

      await page.reload();
      await expect(form.getByLabel('Greeting (sent before the first answer of a conversation)')).toHaveValue('Olá! Bem-vindo à Floricultura Sol.');
      await expect(form.getByTestId('fallback-chain').getByRole('listitem')).toHaveText([/openai\/bot-backup/]);
      expect(await trpcQuery(world.url, 'bot.settings', undefined, world.ownerToken)).toMatchObject({ fallbackModels: ['openai/bot-backup'] });
      const audit = await trpcQuery<{ items: Array<{ action: string; status: string }> }>(
        world.url,
        'audit.list',
        { resourceType: 'bot', limit: 10 },
        world.ownerToken,
      );
      expect(audit.items.map((row) => [row.action, row.status])).toEqual([['bot.updateSettings', 'success']]);

      // Back to the platform's chain.
      await form.getByRole('button', { name: "Use the platform's chain" }).click();
      await expect(form.getByTestId('fallback-platform')).toBeVisible();
      await form.getByRole('button', { name: 'Save' }).click();
      await expect(saved(page, 'Bot configuration')).toBeVisible();
      expect(await trpcQuery(world.url, 'bot.settings', undefined, world.ownerToken)).toMatchObject({ fallbackModels: [] });
    });

    test('the voice form and where budget alerts go', async ({ page }) => {
      await signIn(page, world.accounts.owner);
      await page.goto(`${world.url}/admin/bot`);
      const voice = page.getByRole('form', { name: 'Voice' });
      await voice.getByLabel('Answer with voice notes').check();
      await voice.getByLabel('Longer answers go as text (characters)').fill('5');
      await voice.getByRole('button', { name: 'Save' }).click();
      await expect(voice.getByText('At least 20.')).toBeVisible();
      await voice.getByLabel('Longer answers go as text (characters)').fill('600');
      await voice.getByRole('button', { name: 'Save' }).click();
      await expect(saved(page, 'Voice')).toBeVisible();
      expect(await trpcQuery(world.url, 'voice.settings', undefined, world.ownerToken)).toMatchObject({ ttsEnabled: true, ttsMaxCharacters: 600 });
      await voice.getByLabel('Answer with voice notes').uncheck();
      await voice.getByRole('button', { name: 'Save' }).click();
      await expect(saved(page, 'Voice')).toBeVisible();

      await page.goto(`${world.url}/admin/budget`);
      const alerts = page.getByRole('form', { name: 'Where alerts go' });
      await alerts.getByLabel('E-mail').fill('not-an-email');
      await alerts.getByLabel('Webhook (signed POST)').fill('ftp://example.test/hook');
      await alerts.getByRole('button', { name: 'Save' }).click();
      await expect(alerts.getByText('Not a valid e-mail address.')).toBeVisible();
      await expect(alerts.getByText('Use an address starting with http:// or https://.')).toBeVisible();
      await alerts.getByLabel('E-mail').fill('financeiro@sol.test');
      await alerts.getByLabel('Webhook (signed POST)').fill('');
      await alerts.getByRole('button', { name: 'Save' }).click();
      await expect(saved(page, 'Where alerts go')).toBeVisible();
      expect(await trpcQuery(world.url, 'clients.settings', undefined, world.ownerToken)).toMatchObject({ notificationEmail: 'financeiro@sol.test' });
    });

    test('the platform sets the budget: alert only keeps answering past the limit; tokens mode pauses on tokens', async ({ page, browser }) => {
      // The client's owner has the app open: the in-app alert reaches them on any screen.
      const ownerContext = await browser.newContext();
      const ownerPage = await ownerContext.newPage();
      await signIn(ownerPage, world.accounts.owner);
      await ownerPage.goto(`${world.url}/knowledge`);
      await signIn(page, world.accounts.platform);
      await page.goto(`${world.url}/platform/budgets`);
      await page.getByTestId('client-picker').selectOption(world.clientId);
      const form = page.getByRole('form', { name: 'Budget of the client' });
      await form.getByLabel("Use the plan's budget").uncheck();
      await form.getByLabel('Mode').selectOption('brl');
      await form.getByLabel('BRL limit').fill('abc');
      await form.getByRole('button', { name: 'Save' }).click();
      await expect(form.getByText('An amount such as 150.00.')).toBeVisible();
      await form.getByLabel('BRL limit').fill('0.000001');
      await form.getByLabel('Only alert (the bot keeps answering)').check();
      await form.getByRole('button', { name: 'Save' }).click();
      await expect(saved(page, 'Budget of the client')).toBeVisible();

      await world.customerWrites('5511988880002', 'Tem girassol?');
      const replies = await world.waitForReplies('5511988880002', 2);
      expect(replies[1]).toBe('Resposta de bot-main: Tem girassol?');
      await world.customerWrites('5511988880002', 'E orquídea?');
      expect((await world.waitForReplies('5511988880002', 3))[2]).toBe('Resposta de bot-main: E orquídea?');
      const budget = await trpcQuery<{ isPaused: boolean; onLimit: string; alertsSent: Record<string, string> }>(
        world.url,
        'budgets.get',
        undefined,
        world.ownerToken,
      );
      expect(budget).toMatchObject({ isPaused: false, onLimit: 'alert' });
      expect(Object.keys(budget.alertsSent)).toContain('100');
      const banner = ownerPage.getByTestId('budget-alert-banner');
      await expect(banner).toContainText('The AI budget reached its limit');
      await expect(banner).toContainText('(alert at 100%)');
      await expect(banner).toContainText('Alert only: the bot keeps answering.');
      await banner.getByRole('link', { name: 'See the spend' }).click();
      await expect(ownerPage).toHaveURL(/\/spend/);
      await expect(banner).toBeHidden();
      await ownerContext.close();

      await form.getByLabel('Mode').selectOption('tokens');
      await form.getByLabel('Token limit').fill('10');
      await form.getByLabel('Pause the bot (a person answers)').check();
      await form.getByLabel('Stay paused until an administrator resumes').check();
      await form.getByRole('button', { name: 'Save' }).click();
      await expect(saved(page, 'Budget of the client')).toBeVisible();
      const calls = world.models.requests.length;
      await world.customerWrites('5511988880003', 'Vocês abrem domingo?');
      const paused = await world.waitForReplies('5511988880003', 1);
      expect(paused[0]).toBe('Nosso robô está em pausa; uma pessoa já responde.');
      expect(world.models.requests.length).toBe(calls);
      expect(await trpcQuery(world.url, 'budgets.get', undefined, world.ownerToken)).toMatchObject({ type: 'tokens', onLimit: 'pause', isPaused: true });

      const audit = await trpcQuery<{ items: Array<{ action: string; status: string }> }>(
        world.url,
        'audit.list',
        { resourceType: 'budgets', limit: 20 },
        world.ownerToken,
      );
      expect(audit.items.filter((row) => row.action === 'budgets.setClientBudget').map((row) => row.status)).toEqual(['success', 'success']);
    });
  });
}
