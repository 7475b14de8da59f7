// The spend dashboard and administration in the browser, against a real server whose bot answers
// through the AI gateway and the fake model server: spend shown equals gateway_usage_logs, the
// budget's 80 % alert and 100 % pause (lifted by an admin), registry prices driving the next
// call's cost, write-only secrets, who may open administration, and the audit log.
import { expect, test, type Page } from '@playwright/test';
import { AdminPage } from '../pages/AdminPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { SpendPage } from '../pages/SpendPage.js';
import { E2E_PASSWORD } from '../support/env.js';
import { saveScreenshot } from '../support/screenshots.js';
import { startSpendWorld, type SpendWorld } from '../support/spendWorld.js';
import { trpcMutation, trpcQuery } from '../support/trpcHttp.js';

test.describe.configure({ mode: 'serial', timeout: 90_000 });
// The browser's clock in another zone than the client's (São Paulo, the default): the dashboard
// shows its times in the client's zone, the one its days are cut in, whatever the computer's.
test.use({ timezoneId: 'Asia/Tokyo' });

let world: SpendWorld;
test.beforeAll(async () => {
  test.setTimeout(240_000); // a server, the CLI seeding it and two fakes, on a shared two-core machine
  world = await startSpendWorld();
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

/** Exact sum of decimal strings with 10 places. */
const sum = (values: string[]) => {
  const units = values.reduce((total, value) => {
    const [whole, fraction = ''] = value.split('.');
    return total + BigInt(whole!) * 10_000_000_000n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  }, 0n);
  const digits = units.toString().padStart(11, '0');
  return `${digits.slice(0, -10)}.${digits.slice(-10)}`;
};

test('conversations answered by the bot produce the spend the dashboard shows, equal to gateway_usage_logs', async ({ page }) => {
  await world.customerWrites('5511977770001', 'Ana Souza', 'Vocês têm bolo de cenoura?');
  await world.waitForReplies('5511977770001', 1);
  await world.customerWrites('5511977770001', 'Ana Souza', 'E entregam no sábado?');
  await world.waitForReplies('5511977770001', 2);
  await world.customerWrites('5511977770002', 'Bruno Lima', 'Qual o horário de vocês?');
  await world.waitForReplies('5511977770002', 1);

  const rows = await world.usageRows();
  expect(rows.length).toBe(3);
  await signIn(page, world.accounts.owner);
  const spend = new SpendPage(page);
  await spend.open(world.url);
  await expect(spend.tile('calls')).toHaveAttribute('data-value', '3');
  await expect(spend.tile('cost-brl')).toHaveAttribute('data-value', sum(rows.map((row) => row.costBrl)));
  await expect(spend.tile('cost-usd')).toHaveAttribute('data-value', sum(rows.map((row) => row.costUsd)));
  await expect(spend.tile('tokens')).toHaveAttribute('data-value', String(rows.reduce((total, row) => total + row.totalTokens, 0)));
  await expect(spend.topConversations.locator('tbody tr')).toHaveCount(2);
  await expect(spend.topConversations.locator('tbody tr').first()).toContainText('Ana Souza');
  await expect(page.getByTestId('chart-by-model')).toContainText('bot-main (openai)');
  // The last 30 days run from a São Paulo midnight to the next one (in Tokyo, noon).
  await expect(page.getByTestId('period-range')).toHaveText(/^\w{3} \d{1,2}, \d{4}, 12:00\sAM – \w{3} \d{1,2}, \d{4}, 12:00\sAM \(America\/Sao_Paulo\)$/);
  await expect(spend.tile('errors')).toHaveAttribute('data-value', '0');
  await saveScreenshot(page, 'spend-dashboard');
});

test('editing the model registry prices changes the cost of the next call', async ({ page }) => {
  await signIn(page, world.accounts.platform);
  const admin = new AdminPage(page);
  await admin.openPlatform(world.url, 'models');
  await admin.setModelPrices('openai/bot-main', '20', '80');
  await expect
    .poll(
      async () =>
        (
          await trpcQuery<Array<{ gatewayIdentifier: string; inputPricePerMillion: string }>>(
            world.url,
            'gateway.registry.list',
            undefined,
            world.platformToken,
          )
        ).find((model) => model.gatewayIdentifier === 'openai/bot-main')?.inputPricePerMillion,
    )
    .toMatch(/^20(\.0+)?$/);
  await saveScreenshot(page, 'platform-model-registry');

  await world.customerWrites('5511977770003', 'Carla Dias', 'Vocês têm bolo de cenoura?');
  await world.waitForReplies('5511977770003', 1);
  const rows = await trpcQuery<{
    recent: Array<{ inputTokens: number; outputTokens: number; cachedTokens: number; costUsd: string; costBrl: string; phone: string | null }>;
  }>(world.url, 'gateway.usage', { from: '2000-01-01T00:00:00Z', to: new Date(Date.now() + 60_000).toISOString(), recent: 200 }, world.ownerToken);
  const [latest] = rows.recent;
  const [before] = rows.recent.filter((row) => row.phone === '5511977770001');
  const usd = (row: { inputTokens: number; outputTokens: number; cachedTokens: number }, input: number, output: number) =>
    (row.inputTokens * input + row.outputTokens * output) / 1_000_000;
  expect(latest!.phone).toBe('5511977770003');
  expect(Number(latest!.costUsd)).toBeCloseTo(usd(latest!, 20, 80), 9);
  expect(Number(before!.costUsd)).toBeCloseTo(usd(before!, 2, 8), 9);
  expect(Number(latest!.costBrl)).toBeCloseTo(Number(latest!.costUsd) * 5.5, 8);
});

test('a budget crossing 80% shows the alert; at 100% with pause the bot stops and an admin lifts the pause', async ({ page }) => {
  type Budget = { currentTokens: number; isPaused: boolean } | null;
  const budgetNow = async () => trpcQuery<Budget>(world.url, 'budgets.get', { clientId: world.clientId }, world.platformToken);
  const setBudget = (tokenLimit: number, pauseAtLimit: boolean) =>
    trpcMutation(
      world.url,
      'budgets.setClientBudget',
      {
        clientId: world.clientId,
        inheritsFromPlan: false,
        budgetType: 'tokens',
        budgetPeriod: 'monthly',
        tokenLimit,
        pauseAtLimit,
      },
      world.platformToken,
    );
  // The budget is settled just after the reply is sent: wait until the counter has moved (and,
  // when it does not, say what the gateway logged for that customer's call).
  const tokensAfterReply = async (phone: string, previous: number) => {
    await expect
      .poll(async () => (await budgetNow())!.currentTokens, {
        timeout: 15_000,
        message: `the budget did not count ${phone}'s call: ${JSON.stringify((await world.usageRows()).find((row) => row.phone === phone)?.errorDetails ?? 'no usage row')}`,
      })
      .toBeGreaterThan(previous);
    return (await budgetNow())!.currentTokens;
  };
  // A generous budget first, then one call of a known size from a fresh conversation.
  await setBudget(10_000_000, false);
  const startTokens = (await budgetNow())!.currentTokens;
  await world.customerWrites('5511977770004', 'Davi Rocha', 'Oi, bom dia!');
  await world.waitForReplies('5511977770004', 1);
  const callTokens = (await tokensAfterReply('5511977770004', startTokens)) - startTokens;
  expect(callTokens).toBeGreaterThan(0);
  // Before a call the gateway reserves its worst case (the prompt's UTF-8 bytes, an upper bound on
  // its tokens, plus the output allowed), so a call is admitted only while the remaining budget
  // covers that. A long order pasted by a customer (within WhatsApp's 4,096 characters) makes the
  // period's use large enough that the ~20 % left at the 80 % crossing still admits a short call.
  const order = `Pedido para a festa de sábado: ${Array.from({ length: 380 }, (_, index) => `${(index % 9) + 1} x pão`).join(', ')}`;
  expect(order.length).toBeLessThanOrEqual(4096);
  await world.customerWrites('5511977770007', 'Gil Nunes', order);
  await world.waitForReplies('5511977770007', 1);
  const current = await tokensAfterReply('5511977770007', startTokens + callTokens);
  // Such that the use is just under 80 % and one more call of the first one's size crosses it.
  const limit = Math.floor((current + callTokens / 2) / 0.8);
  expect((current / limit) * 100).toBeLessThan(80);
  await setBudget(limit, false);
  await world.customerWrites('5511977770005', 'Eva Melo', 'Oi, bom dia!');
  await world.waitForReplies('5511977770005', 1);
  const crossed = ((await tokensAfterReply('5511977770005', current)) / limit) * 100;
  expect(crossed).toBeGreaterThanOrEqual(80);
  expect(crossed).toBeLessThan(100);

  await signIn(page, world.accounts.admin);
  const spend = new SpendPage(page);
  await spend.open(world.url);
  await expect(spend.budgetAlert).toContainText(/80%/);
  await expect(spend.pausedBanner).toHaveCount(0);
  // A monthly budget resets at the client's midnight, shown as such.
  await expect(page.getByText(/^Resets \w{3} 1, \d{4}, 12:00\sAM$/)).toBeVisible();
  await saveScreenshot(page, 'spend-budget-alert');

  // The limit is now what has been used, with the pause on: the next message finds it exhausted,
  // the model is not called, and the customer gets the polite paused message instead.
  await setBudget((await budgetNow())!.currentTokens, true);
  const modelCallsBefore = world.models.requests.length;
  await world.customerWrites('5511977770006', 'Fábio Reis', 'Oi, bom dia!');
  await world.waitForReplies('5511977770006', 1);
  await expect.poll(async () => (await budgetNow())!.isPaused, { timeout: 15_000 }).toBe(true);
  const toFabio = world.graph.sent.filter((message) => message.to === '5511977770006').map((message) => JSON.stringify(message.body));
  expect(toFabio.some((body) => body.includes('bot-main'))).toBe(false);
  expect(world.models.requests.length).toBe(modelCallsBefore);
  await page.reload();
  await expect(spend.pausedBanner).toBeVisible();
  await saveScreenshot(page, 'spend-budget-paused');
  await spend.liftPause();
  await expect(spend.pausedBanner).toHaveCount(0);
  await expect.poll(async () => (await budgetNow())!.isPaused).toBe(false);
});

test('secrets entered in settings never come back to the screen', async ({ page }) => {
  const secret = 'EAAnew-secret-token-e2e-0123456789';
  await signIn(page, world.accounts.owner);
  const admin = new AdminPage(page);
  await admin.open(world.url, 'settings');
  await expect(admin.secretStatus('openaiApiKey')).toHaveText(/^(not set|não definido)$/);
  await admin.secretInput(/^(WhatsApp access token|Token de acesso do WhatsApp)/).fill(secret);
  await admin.secretInput(/^(OpenAI API key|Chave de API da OpenAI)/).fill('sk-client-own-key-e2e-987654');
  await admin.replaceSecrets();
  await expect(admin.secretStatus('openaiApiKey')).toHaveText(/^(set|definido)$/);
  await expect(admin.secretInput(/^(WhatsApp access token|Token de acesso do WhatsApp)/)).toHaveValue('');
  await page.reload();
  await expect(admin.secretStatus('metaAccessToken')).toHaveText(/^(set|definido)$/);
  const html = await page.content();
  expect(html).not.toContain(secret);
  expect(html).not.toContain('sk-client-own-key-e2e-987654');
  for (const input of await page.locator('input').all()) expect(await input.inputValue()).not.toContain(secret);
  await saveScreenshot(page, 'admin-settings-secrets');
});

test("message templates: Meta's synced with their review status, a new one checked, previewed and submitted for review", async ({ page }) => {
  const metaTemplates = async () => {
    const response = await fetch(`${world.graph.url}/v21.0/${world.wabaId}/message_templates?limit=100`, { headers: { authorization: 'Bearer e2e' } });
    return ((await response.json()) as { data: Array<Record<string, unknown>> }).data;
  };
  world.graph.addTemplate(world.wabaId, {
    name: 'boas_vindas',
    language: 'pt_BR',
    status: 'APPROVED',
    category: 'MARKETING',
    components: [{ type: 'BODY', text: 'Bem-vindo à Doceria Lua!' }],
  });
  world.graph.addTemplate(world.wabaId, {
    name: 'promo_natal',
    language: 'pt_BR',
    status: 'REJECTED',
    category: 'MARKETING',
    rejected_reason: 'INVALID_FORMAT',
    components: [{ type: 'BODY', text: 'Promo!!!' }],
  });
  await signIn(page, world.accounts.owner);
  const admin = new AdminPage(page);
  await admin.open(world.url, 'templates');
  await expect(page.getByText(/^(No message templates yet\.|Nenhum modelo de mensagem ainda\.)$/)).toBeVisible();
  await page.getByRole('button', { name: /^(Sync with Meta|Sincronizar com a Meta)$/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /^2 / })).toBeVisible();
  await expect(admin.template('boas_vindas')).toHaveAttribute('data-status', 'APPROVED');
  await expect(admin.template('boas_vindas')).toContainText('Bem-vindo à Doceria Lua!');
  await expect(admin.template('promo_natal')).toContainText('INVALID_FORMAT');

  // What Meta would refuse is caught before anything is sent.
  const name = page.getByLabel(/^(Name|Nome)/);
  await name.fill('Pedido Pronto');
  await page.getByLabel(/^(Body|Corpo)$/).fill('Olá {{1}}, seu pedido {{2}} está pronto para retirada.');
  await page.getByRole('button', { name: /^(Submit to Meta|Enviar para a Meta)$/ }).click();
  const problems = page.getByTestId('template-problems');
  await expect(problems).toContainText(/lowercase letters|letras minúsculas/);
  await expect(problems.locator('li')).toHaveCount(3); // the name, and an example for each of {{1}} and {{2}}
  expect(await metaTemplates()).toHaveLength(2);

  await name.fill('pedido_pronto');
  await page.getByLabel(/^(Header|Cabeçalho)$/).fill('Pedido {{1}}');
  await page.getByLabel(/^(Header example for|Exemplo do cabeçalho para) \{\{1\}\}$/).fill('#123');
  const examples = page.getByTestId('template-examples');
  await examples.getByLabel(/\{\{1\}\}$/).fill('Ana');
  await examples.getByLabel(/\{\{2\}\}$/).fill('#123');
  await page.getByLabel(/^(Footer|Rodapé)$/).fill('Doceria Lua');
  await page.getByRole('button', { name: /^(Add a button|Adicionar um botão)$/ }).click();
  await page.getByLabel(/^(Button 1 text|Texto do botão 1)$/).fill('Obrigado');
  await page.getByRole('button', { name: /^(Add a button|Adicionar um botão)$/ }).click();
  await page.getByLabel(/^(Button 2 type|Tipo do botão 2)$/).selectOption('URL');
  await page.getByLabel(/^(Button 2 text|Texto do botão 2)$/).fill('Acompanhar');
  await page.getByLabel(/^(Button 2 link|Link do botão 2)$/).fill('https://doceria-lua.test/pedidos');
  await expect(page.getByTestId('template-preview')).toContainText('Olá Ana, seu pedido #123 está pronto para retirada.');
  await expect(page.getByTestId('template-preview')).toContainText('Pedido #123');
  await saveScreenshot(page, 'admin-message-templates');
  await page.getByRole('button', { name: /^(Submit to Meta|Enviar para a Meta)$/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'pedido_pronto' })).toBeVisible();
  await expect(admin.template('pedido_pronto')).toHaveAttribute('data-status', 'PENDING');
  await expect(page.getByLabel(/^(Name|Nome)/)).toHaveValue('');
  const submitted = (await metaTemplates()).find((template) => template.name === 'pedido_pronto');
  expect(submitted).toMatchObject({
    language: 'pt_BR',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}', example: { header_text: ['#123'] } },
      { type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} está pronto para retirada.', example: { body_text: [['Ana', '#123']] } },
      { type: 'FOOTER', text: 'Doceria Lua' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Obrigado' },
          { type: 'URL', text: 'Acompanhar', url: 'https://doceria-lua.test/pedidos' },
        ],
      },
    ],
  });

  // Meta approves it; a sync shows it, and Meta's own refusal (a duplicate) is shown as it says.
  submitted!.status = 'APPROVED';
  world.graph.clearTemplates(world.wabaId);
  for (const template of [
    { name: 'boas_vindas', language: 'pt_BR', status: 'APPROVED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Bem-vindo à Doceria Lua!' }] },
    submitted!,
  ]) {
    world.graph.addTemplate(world.wabaId, template);
  }
  await page.getByRole('button', { name: /^(Sync with Meta|Sincronizar com a Meta)$/ }).click();
  await expect(admin.template('pedido_pronto')).toHaveAttribute('data-status', 'APPROVED');
  await expect(admin.template('promo_natal')).toHaveAttribute('data-status', 'DELETED');
  await page.getByLabel(/^(Status)$/).selectOption('APPROVED');
  await expect(page.getByTestId('templates').locator('tbody tr')).toHaveCount(2);
  await name.fill('boas_vindas');
  await page.getByLabel(/^(Body|Corpo)$/).fill('Bem-vindo!');
  await page.getByRole('button', { name: /^(Submit to Meta|Enviar para a Meta)$/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: /already exists/ })).toBeVisible();
});

test('a viewer and an agent cannot open administration or the dashboard', async ({ page }) => {
  for (const email of [world.accounts.viewer, world.accounts.agent]) {
    await signIn(page, email);
    await expect(page.getByRole('link', { name: /^(Admin)$/ })).toHaveCount(0);
    await expect(page.getByRole('link', { name: /^(Spend|Gastos)$/ })).toHaveCount(0);
    const admin = new AdminPage(page);
    for (const path of ['/admin/settings', '/admin/templates', '/admin/audit', '/spend', '/platform/models']) {
      await page.goto(`${world.url}${path}`);
      await expect(admin.forbidden).toBeVisible();
    }
    await page.getByRole('button', { name: /^(Sign out|Sair)$/ }).click();
  }
});

test('the audit log shows what each did', async ({ page }) => {
  await signIn(page, world.accounts.owner);
  const admin = new AdminPage(page);
  await admin.open(world.url, 'audit');
  await expect(admin.auditRows.first()).toBeVisible();
  // The owner's secrets change (from the test above), the admin lifting the pause and the platform
  // administrator's change of this client's budget (price changes are platform-wide, not the client's).
  await expect(page.locator('tr[data-action="clients.replaceSecrets"]').first()).toContainText(world.accounts.owner);
  await expect(page.locator('tr[data-action="budgets.resume"]').first()).toContainText(world.accounts.admin);
  await expect(page.locator('tr[data-action="budgets.setClientBudget"]').first()).toContainText(world.accounts.platform);
  await expect(page.locator('tr[data-action="whatsapp.templates.create"][data-status="success"]').first()).toContainText(world.accounts.owner);
  await saveScreenshot(page, 'admin-audit-log');
  await page.getByLabel(/^(Action|Ação)/).fill('budgets.resume');
  await page.getByRole('button', { name: /^(Apply|Aplicar)$/ }).click();
  await expect(admin.auditRows).toHaveCount(1);
  await expect(admin.auditRows.first()).toContainText(world.accounts.admin);
  expect(await page.content()).not.toContain('EAAnew-secret-token-e2e-0123456789');
});
