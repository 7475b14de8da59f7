// "Connect a model provider" in the browser: with nothing connected the inbox says so and the
// customer gets the fallback message (with the reason under it); the owner follows the banner to
// Settings → AI, sees a plain reason for an address where nothing listens, points the form at an
// OpenAI-compatible server (the fake model server, where an Ollama would be), tests the connection
// (its model list fills the picker), saves, and the bot's next answer comes from that model.
import { expect, test, type Page } from '@playwright/test';
import net from 'node:net';
import { SignInPage } from './pages/SignInPage.js';
import { startAiProviderWorld, type AiProviderWorld } from './support/aiProviderWorld.js';
import { E2E_PASSWORD } from './support/env.js';

test.describe.configure({ mode: 'serial', timeout: 90_000 });

let world: AiProviderWorld;
test.beforeAll(async () => {
  test.setTimeout(240_000);
  world = await startAiProviderWorld();
  world.models.setDefault('e2e-llama', { kind: 'ok' });
  world.models.setDefault('e2e-qwen', { kind: 'ok' });
});
test.afterAll(async () => {
  await world?.dispose();
});

async function signIn(page: Page) {
  const signInPage = new SignInPage(page);
  await signInPage.open(world.url);
  await signInPage.signIn(world.owner, E2E_PASSWORD);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test("an owner connects an OpenAI-compatible server from the inbox's empty state, and the bot answers with it", async ({ page }) => {
  await signIn(page);
  await page.goto(`${world.url}/inbox`);
  const banner = page.getByTestId('no-provider-banner');
  await expect(banner).toContainText('No AI provider is connected');
  await banner.getByRole('link', { name: 'Connect one in Settings → AI' }).click();
  await expect(page).toHaveURL(/\/admin\/ai$/);

  // Without a provider, the fallback message the owner sets goes out, and the inbox says why under it.
  const fallbackForm = page.getByTestId('fallback-message-form');
  await fallbackForm.getByLabel('Sent when the AI reply cannot answer').fill('Um atendente já vai responder você.');
  await fallbackForm.getByRole('button', { name: 'Save message' }).click();
  await expect(fallbackForm.getByRole('status')).toHaveText('Fallback message saved.');
  await world.customerWrites('5511966660001', 'Seu Jorge', 'Vocês têm pão sem glúten?');
  await page.goto(`${world.url}/inbox`);
  await page.getByTestId('conversation-item').filter({ hasText: 'Seu Jorge' }).click();
  const fallback = page.getByTestId('message').filter({ has: page.getByTestId('reply-notice') });
  await expect(fallback).toContainText('Um atendente já vai responder você.');
  await expect(fallback).toContainText('No AI provider is connected: the customer got the fallback message.');

  await fallback.getByRole('link', { name: 'Connect one in Settings → AI' }).click();
  await expect(page).toHaveURL(/\/admin\/ai$/);
  const form = page.getByTestId('connect-provider-form');
  await form.getByLabel('Provider').selectOption('openai_compatible');
  await expect(form.getByLabel('Base URL')).toHaveAttribute('placeholder', 'http://127.0.0.1:11434/v1');

  // Nothing listening there: a plain reason, not an error page.
  await form.getByLabel('Base URL').fill(`http://127.0.0.1:${await closedPort()}/v1`);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('test-failed')).toContainText('Nothing is listening at that address');

  await form.getByLabel('Base URL').fill(world.models.baseUrl);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('test-ok')).toHaveText('Connected: 2 models available.');
  const model = form.getByLabel('Model', { exact: true });
  await expect(model.locator('option')).toHaveText(['e2e-llama', 'e2e-qwen']);
  await model.selectOption('e2e-qwen');
  await form.getByRole('button', { name: 'Save and use' }).click();

  const saved = page.getByTestId('provider-openai_compatible');
  await expect(saved).toContainText('in use');
  await expect(saved).toContainText('Model: e2e-qwen');
  await expect(saved).toContainText(world.models.baseUrl);
  await expect(page.getByRole('status').filter({ hasText: 'Saved: the AI reply now uses OpenAI-compatible' })).toBeVisible();

  // The bot's AI reply now goes through the connected server and model.
  await page.goto(`${world.url}/inbox`);
  await expect(page.getByTestId('conversation-item').first()).toBeVisible();
  await expect(page.getByTestId('no-provider-banner')).toHaveCount(0);
  await world.customerWrites('5511966660002', 'Dona Lurdes', 'Qual o horário de sábado?');
  await page.getByTestId('conversation-item').filter({ hasText: 'Dona Lurdes' }).click();
  await expect(page.getByTestId('message').filter({ hasText: 'Resposta de e2e-qwen: Qual o horário de sábado?' })).toBeVisible();
  expect(world.models.requestsFor('e2e-qwen').filter((request) => request.path === '/chat/completions')).toHaveLength(1);
});
