import { expect, test } from '@playwright/test';
import { FlowEditorPage } from '../pages/FlowEditorPage.js';
import { FlowsPage } from '../pages/FlowsPage.js';
import { e2eEnvironment } from '../support/env.js';
import { saveScreenshot } from '../support/screenshots.js';
import { uniqueName } from './seedFlow.js';
import { signInAsOwner } from './signIn.js';

const env = e2eEnvironment();

test('builds a flow from nothing by dragging and connecting blocks, with WhatsApp limits counted, autosaved across a reload', async ({ page }) => {
  await signInAsOwner(page);
  const flows = new FlowsPage(page);
  await flows.open(env.remoteUrl);
  const name = uniqueName('Boas-vindas');
  await flows.create(name);
  const editor = new FlowEditorPage(page);
  await expect(page.getByTestId('flow-name')).toHaveText(name);

  const hello = await editor.dropBlock('message', { x: 60, y: 80 });
  await editor.field(/^Text/).fill('Olá! Bem-vindo à Padaria Central.');
  await expect(editor.card(hello)).toContainText('Bem-vindo à Padaria Central');
  await expect(editor.card(hello).getByText('Start')).toBeVisible();

  const ask = await editor.dropBlock('question', { x: 360, y: 60 });
  await editor.field(/^Question/).fill('Como podemos ajudar?');
  const firstOption = editor.panel.getByTestId('field-option-1');
  // Buttons allow 20 characters: the counter shows the overflow as it is typed, and the problem appears.
  await firstOption.fill('Ver o cardápio completo de hoje');
  await expect(editor.panel.getByTestId('field-option-1-counter')).toHaveText('31 / 20');
  await expect(editor.panel.getByTestId('field-option-1-counter')).toHaveClass(/over/);
  await expect(firstOption).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.panel.getByTestId('panel-problems')).toContainText("longer than WhatsApp's 20 characters");
  await expect(editor.card(ask)).toHaveClass(/has-error/);
  await firstOption.fill('Cardápio');
  await expect(editor.panel.getByTestId('field-option-1-counter')).toHaveText('8 / 20');
  await editor.panel.getByTestId('field-option-2').fill('Atendente');
  await expect(editor.card(ask).locator('[data-handle]')).toHaveText(['Cardápio', 'Atendente', 'Gave up']);

  const bye = await editor.dropBlock('end', { x: 660, y: 20 });
  const human = await editor.dropBlock('handoff', { x: 660, y: 300 });
  await editor.fitView();

  await editor.connect(hello, 'next', ask);
  const [cardapio, atendente] = await editor
    .card(ask)
    .locator('[data-handle^="option:"]')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-handle')!));
  await editor.connect(ask, cardapio!, bye);
  await editor.connect(ask, atendente!, human);
  await expect(editor.edges).toHaveCount(3);
  await expect(editor.problemsSummary).toHaveText(/^0 errors/);

  // Moving a block is one change, saved like the rest.
  const before = await editor.positionOf(human);
  await editor.dragBlock(human, 40, 60);
  expect((await editor.positionOf(human)).y - before.y).toBeGreaterThan(20);

  // Tidy up lays the graph out left to right: start, question, then its two ways out.
  await editor.command('layout.auto').click();
  const [start, question, end, handoff] = await Promise.all([hello, ask, bye, human].map((id) => editor.positionOf(id)));
  expect(start!.x).toBeLessThan(question!.x);
  expect(question!.x).toBeLessThan(end!.x);
  expect(end!.x).toBe(handoff!.x);
  await editor.select(ask);
  await editor.expectSaved();
  await saveScreenshot(page, 'flow-builder');
  const after = await editor.positionOf(human);

  await page.reload();
  await expect(editor.cards).toHaveCount(4);
  await expect(editor.edges).toHaveCount(3);
  await expect(editor.cardWithText('Como podemos ajudar?')).toBeVisible();
  expect(await editor.positionOf(human)).toEqual(after);
});
