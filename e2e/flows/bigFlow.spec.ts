import { expect, test } from '@playwright/test';
import { FlowEditorPage } from '../pages/FlowEditorPage.js';
import { e2eEnvironment } from '../support/env.js';
import { bigFlowDocument, seedFlow, uniqueName } from './seedFlow.js';
import { signInAsOwner } from './signIn.js';

const env = e2eEnvironment();
const BLOCKS = 400;

test('a big flow draws only what is on screen; a block found far away is drawn with its edges on its handles, moved and saved; zoomed out it still works', async ({
  page,
}) => {
  const flow = await seedFlow(uniqueName('Grande'), bigFlowDocument(BLOCKS));
  await signInAsOwner(page);
  const editor = new FlowEditorPage(page);
  await page.goto(`${env.remoteUrl}/flows/${flow.id}`);
  await expect(editor.cards.first()).toBeVisible();
  expect(await editor.cards.count()).toBeLessThan(BLOCKS / 2);
  await expect(editor.problemsSummary).toHaveText('0 errors, 0 warnings');

  // A block that was off screen: found, centred, drawn, and its edges end on its handles as drawn.
  await editor.search('Mensagem 350 ');
  await expect(editor.panel).toHaveAttribute('data-block-id', 'm350');
  await expect(editor.card('m350')).toHaveClass(/selected/);
  await editor.expectEdgeOnHandle('e349', { block: 'm350', handle: 'in' });
  await editor.expectEdgeOnHandle('e350', { block: 'm350', handle: 'next' });

  const before = await editor.positionOf('m350');
  await editor.dragBlock('m350', 60, 90);
  await expect.poll(async () => (await editor.positionOf('m350')).y - before.y).toBeGreaterThan(40);
  await editor.expectEdgeOnHandle('e349', { block: 'm350', handle: 'in' });
  await editor.expectSaved();
  const moved = await editor.positionOf('m350');

  // Zoomed out: more cards drawn, the minimap moves the view.
  await editor.fitView();
  expect(await editor.cards.count()).toBeGreaterThan(20);
  const viewport = await editor.viewportTransform();
  await editor.minimap.click({ position: { x: 190, y: 140 } });
  await expect.poll(() => editor.viewportTransform()).not.toBe(viewport);

  await page.reload();
  await editor.search('Mensagem 350 ');
  expect(await editor.positionOf('m350')).toEqual(moved);
});
