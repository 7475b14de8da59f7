import { expect, test } from '@playwright/test';
import { FlowEditorPage } from '../pages/FlowEditorPage.js';
import { e2eEnvironment } from '../support/env.js';
import { saveScreenshot } from '../support/screenshots.js';
import { menuFlowDocument, seedFlow, uniqueName } from './seedFlow.js';
import { signInAsOwner } from './signIn.js';

const env = e2eEnvironment();
const openFlow = async (editor: FlowEditorPage, id: string) => {
  await editor.page.goto(`${env.remoteUrl}/flows/${id}`);
  await expect(editor.page.getByTestId('flow-editor')).toBeVisible();
};

test('undo and redo every change, and copy and paste blocks within a flow and into another one', async ({ page }) => {
  const source = await seedFlow(uniqueName('Menu'), menuFlowDocument());
  const target = await seedFlow(uniqueName('Destino'), { schemaVersion: 2, blocks: [], edges: [] });
  await signInAsOwner(page);
  const editor = new FlowEditorPage(page);
  await openFlow(editor, source.id);
  await expect(editor.cards).toHaveCount(5);
  await expect(editor.edges).toHaveCount(4);

  // Delete a block (its edge goes with it), undo, redo, undo.
  await editor.select('bye');
  await editor.shortcut('Delete');
  await expect(editor.cards).toHaveCount(4);
  await expect(editor.edges).toHaveCount(3);
  await editor.shortcut('Mod+Z');
  await expect(editor.cards).toHaveCount(5);
  await expect(editor.edges).toHaveCount(4);
  await editor.shortcut('Mod+Shift+Z');
  await expect(editor.cards).toHaveCount(4);
  await editor.command('history.undo').click();
  await expect(editor.card('bye')).toBeVisible();

  // Typing into a field is one undo step, even while the field has the focus.
  await editor.select('hello');
  const text = editor.field(/^Text/);
  await text.fill('');
  await text.pressSequentially('Oi!');
  await expect(editor.card('hello')).toContainText('Oi!');
  await editor.shortcut('Mod+Z');
  await expect(editor.card('hello')).toContainText('Bem-vindo à Padaria');
  await expect(text).toHaveValue('Olá, {{contact_name}}! Bem-vindo à Padaria.');
  await editor.shortcut('Mod+Shift+Z');
  await expect(text).toHaveValue('Oi!');
  await editor.shortcut('Mod+Z');

  // Copy two connected blocks and paste them: new blocks, the edge between them comes along.
  await editor.select('menu');
  await editor
    .card('name')
    .locator('.block-card-header')
    .click({ modifiers: ['Control'] });
  await editor.shortcut('Mod+C');
  await editor.shortcut('Mod+V');
  await expect(editor.cards).toHaveCount(7);
  await expect(editor.edges).toHaveCount(5);
  await expect(editor.cardWithText('O que você quer?')).toHaveCount(2);
  await editor.expectSaved();

  // Into another flow, through the system clipboard.
  await openFlow(editor, target.id);
  await expect(editor.cards).toHaveCount(0);
  await editor.clickEmptyCanvas();
  await editor.shortcut('Mod+V');
  await expect(editor.cards).toHaveCount(2);
  await expect(editor.edges).toHaveCount(1);
  await expect(editor.cardWithText('O que você quer?').getByText('Start')).toBeVisible();
  await editor.expectSaved();
  await page.reload();
  await expect(editor.cards).toHaveCount(2);
});

test('problems are listed and drawn on blocks; a click selects the block; publishing waits for the errors to be fixed; a version is restored', async ({
  page,
}) => {
  const flow = await seedFlow(uniqueName('Promoção'), {
    schemaVersion: 2,
    startBlockId: 'promo',
    blocks: [
      { id: 'promo', type: 'message', position: { x: 0, y: 0 }, data: { kind: 'text', text: '' } },
      { id: 'done', type: 'end', position: { x: 340, y: 0 }, data: { then: 'bot' } },
    ],
    edges: [{ id: 'e1', source: 'promo', sourceHandle: 'next', target: 'done' }],
  });
  await signInAsOwner(page);
  const editor = new FlowEditorPage(page);
  await openFlow(editor, flow.id);

  await expect(editor.problemsSummary).toHaveText(/^1 errors/);
  await expect(editor.card('promo')).toHaveClass(/has-error/);
  await expect(editor.card('promo').getByTestId('block-problems')).toContainText('1');
  await editor.problems.filter({ hasText: 'the message is empty' }).click();
  await expect(editor.panel).toHaveAttribute('data-block-id', 'promo');
  await expect(editor.card('promo')).toHaveClass(/selected/);

  await editor.command('flow.publish').click();
  await expect(editor.notice).toContainText('Fix the errors first');
  await expect(page.getByTestId('published-version')).toHaveText('Not published');

  await editor.field(/^Text/).fill('Pão de queijo em dobro hoje!');
  await expect(editor.problemsSummary).toHaveText(/^0 errors/);
  await expect(editor.card('promo')).not.toHaveClass(/has-error/);
  await editor.command('flow.publish').click();
  // Publishing goes live at once, so it asks first, saying what will start the flow (nothing, here).
  await expect(page.getByTestId('publish-no-trigger')).toBeVisible();
  await page.getByTestId('publish-confirm').click();
  await expect(editor.notice).toHaveText('Published as version 1.');
  await expect(page.getByTestId('published-version')).toHaveText('Version 1');

  await editor.field(/^Text/).fill('Versão dois do texto');
  await editor.expectSaved();
  await editor.tab('versions').click();
  const version = page.getByTestId('version').filter({ hasText: 'Version 1' });
  await expect(version).toContainText('live');
  await version.getByRole('button', { name: 'Compare with the draft' }).click();
  await expect(version.getByTestId('version-diff')).toHaveText('1 changed, 0 added, 0 removed');
  await version.getByTestId('version-restore').click();
  await expect(editor.notice).toHaveText('Version 1 is the draft now.');
  await expect(editor.card('promo')).toContainText('Pão de queijo em dobro hoje!');
  await editor.expectSaved();
  await page.reload();
  await expect(editor.card('promo')).toContainText('Pão de queijo em dobro hoje!');
});

test('the simulator chats like a WhatsApp customer through buttons and free text, highlights the current block, and restarts', async ({ page }) => {
  const flow = await seedFlow(uniqueName('Atendimento'), menuFlowDocument());
  await signInAsOwner(page);
  const editor = new FlowEditorPage(page);
  await openFlow(editor, flow.id);
  await editor.tab('test').click();
  const simulator = page.getByTestId('simulator');
  await expect(simulator.getByTestId('sim-bot').first()).toHaveText('Olá, Cliente Teste! Bem-vindo à Padaria.');
  await expect(simulator.getByTestId('sim-button')).toHaveText(['Cardápio', 'Atendente']);
  await expect(editor.card('menu')).toHaveClass(/is-current/);
  await expect(editor.card('hello')).toHaveClass(/is-visited/);

  await simulator.getByTestId('sim-button').filter({ hasText: 'Cardápio' }).click();
  await expect(simulator.getByTestId('sim-customer')).toHaveText(['Cardápio']);
  await expect(simulator.getByTestId('sim-bot').last()).toHaveText('Qual é o seu nome?');
  await expect(editor.card('name')).toHaveClass(/is-current/);
  await simulator.getByTestId('simulator-input').fill('Maria');
  await simulator.getByTestId('simulator-input').press('Enter');
  await expect(simulator.getByTestId('sim-bot').last()).toHaveText('Obrigado, Maria! Até logo.');
  await expect(simulator).toContainText('The flow ended');
  await expect(simulator.getByTestId('simulator-input')).toBeDisabled();
  await saveScreenshot(page, 'flow-simulator');

  await simulator.getByTestId('simulator-restart').click();
  await expect(simulator.getByTestId('sim-customer')).toHaveCount(0);
  await expect(editor.card('menu')).toHaveClass(/is-current/);
  // Typing the button's title works like tapping it.
  await simulator.getByTestId('simulator-input').fill('atendente');
  await simulator.getByTestId('simulator-input').press('Enter');
  await expect(simulator.getByTestId('sim-bot').last()).toHaveText('Chamando um atendente.');
  await expect(simulator).toContainText('Handed to a human');
  await expect(editor.card('agent')).toHaveClass(/is-current/);
});
