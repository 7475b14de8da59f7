// The HTTP tool editor in the browser (issue 21): a tool refused field by field before anything is
// sent, then saved with a header whose value goes to the vault (never shown again, kept when left
// empty on an edit), edited and deleted; and the AI agent's fields of the bot form.
import { expect, test, type Page } from '@playwright/test';
import { SignInPage } from '../pages/SignInPage.js';
import { E2E_PASSWORD } from '../support/env.js';
import { startSettingsWorld, type SettingsWorld } from '../support/settingsWorld.js';
import { trpcQuery } from '../support/trpcHttp.js';

type ToolView = { name: string; description: string; headers: Array<{ name: string; isSet: boolean }> };

test.describe('the HTTP tool editor', () => {
  test.describe.configure({ mode: 'serial', timeout: 120_000 });
  let world: SettingsWorld;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    world = await startSettingsWorld('sqlite');
  });
  test.afterAll(async () => {
    await world?.dispose();
  });

  async function signIn(page: Page) {
    const signInPage = new SignInPage(page);
    await signInPage.open(world.url);
    await signInPage.signIn(world.accounts.owner, E2E_PASSWORD);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
  }

  test('adds, edits and deletes a tool; header values stay on the server', async ({ page }) => {
    await signIn(page);
    await page.goto(`${world.url}/admin/bot`);
    const section = page.getByRole('region', { name: 'HTTP tools' });
    await expect(section.getByText('No HTTP tools yet.')).toBeVisible();
    await section.getByRole('button', { name: 'Add an HTTP tool' }).click();
    const form = section.getByRole('form', { name: 'Add an HTTP tool' });
    await form.getByLabel('Name (letters, digits, "_" or "-")').fill('1 consulta');
    await form.getByLabel('URL (a parameter name in curly braces is replaced by its value)').fill('https://pedidos.example.test/{pedido}');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert')).toHaveText('Fix the fields marked below.');
    await expect(form.getByText('Required.')).toBeVisible(); // the description

    await form.getByLabel('Name (letters, digits, "_" or "-")').fill('consulta_pedido');
    await form.getByLabel('What it does (the model reads this)').fill('Consulta o status de um pedido pelo número');
    await form
      .getByLabel('Parameters (JSON Schema of type "object")')
      .fill(JSON.stringify({ type: 'object', properties: { pedido: { type: 'string', description: 'Número do pedido' } }, required: ['pedido'] }));
    await form.getByRole('button', { name: 'Add a header' }).click();
    await form.getByLabel('Header', { exact: true }).fill('Authorization');
    await form.getByLabel('Value', { exact: true }).fill('Bearer segredo-da-loja');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(section.getByRole('listitem').filter({ hasText: 'consulta_pedido' })).toContainText('GET https://pedidos.example.test/{pedido}');

    const [stored] = await trpcQuery<ToolView[]>(world.url, 'aiTools.list', undefined, world.ownerToken);
    expect(stored).toMatchObject({ name: 'consulta_pedido', headers: [{ name: 'Authorization', isSet: true }] });
    expect(JSON.stringify(stored)).not.toContain('segredo-da-loja');

    await section.getByRole('button', { name: 'Edit consulta_pedido' }).click();
    const edit = section.getByRole('form', { name: 'Edit consulta_pedido' });
    await expect(edit.getByLabel('Value', { exact: true })).toHaveAttribute('placeholder', 'Stored: leave empty to keep it');
    await edit.getByLabel('What it does (the model reads this)').fill('Consulta pedidos da loja');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(section.getByRole('form')).toHaveCount(0);
    const [edited] = await trpcQuery<ToolView[]>(world.url, 'aiTools.list', undefined, world.ownerToken);
    expect(edited).toMatchObject({ description: 'Consulta pedidos da loja', headers: [{ name: 'Authorization', isSet: true }] });

    page.once('dialog', (dialog) => void dialog.accept());
    await section.getByRole('button', { name: 'Delete consulta_pedido' }).click();
    await expect(section.getByText('No HTTP tools yet.')).toBeVisible();
  });

  test("the bot form's AI agent fields: a wrong number refused, then saved", async ({ page }) => {
    await signIn(page);
    await page.goto(`${world.url}/admin/bot`);
    const form = page.getByRole('form', { name: 'Bot configuration' });
    await form.getByLabel('Most tool steps per answer').fill('50');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByText('At most 10.')).toBeVisible();
    await form.getByLabel('Most tool steps per answer').fill('3');
    await form.getByLabel('Wait for more messages (seconds)').fill('5');
    await form.getByLabel('Most AI replies per conversation and hour').fill('12');
    await form.getByLabel('Search the knowledge base').check();
    await form.getByLabel('Hand the conversation to a person').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();
    const settings = await trpcQuery<{ debounceSeconds: number; maxRepliesPerHour: number; maxToolSteps: number; tools: string[] }>(
      world.url,
      'bot.settings',
      undefined,
      world.ownerToken,
    );
    expect(settings).toMatchObject({ debounceSeconds: 5, maxRepliesPerHour: 12, maxToolSteps: 3, tools: ['search_knowledge_base', 'handoff_to_human'] });
  });
});
