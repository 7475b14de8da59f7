import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FlowEditorPage } from '../pages/FlowEditorPage.js';
import { FlowsPage } from '../pages/FlowsPage.js';
import { e2eEnvironment } from '../support/env.js';
import { saveScreenshot } from '../support/screenshots.js';
import { menuFlowDocument, seedFlow, uniqueName } from './seedFlow.js';
import { signInAsOwner } from './signIn.js';

const env = e2eEnvironment();
const tempFile = (name: string, text: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-flow-')), name);
  fs.writeFileSync(file, text);
  return file;
};

test('exports a flow to a JSON file and imports it back; a broken file is refused with a readable reason and nothing is imported', async ({ page }) => {
  const name = uniqueName('Exportado');
  await seedFlow(name, menuFlowDocument(), { triggerKeywords: ['cardapio'] });
  await signInAsOwner(page);
  const flows = new FlowsPage(page);
  await flows.open(env.remoteUrl);

  const download = await flows.exportFlow(name);
  expect(download.suggestedFilename()).toMatch(/^exportado-[a-z0-9]+\.flow\.json$/);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as {
    format: string;
    flow: { name: string; triggerKeywords: string[] };
    document: { blocks: unknown[] };
  };
  expect(exported.format).toBe('uzz.flow');
  expect(exported.flow).toMatchObject({ name, triggerKeywords: ['cardapio'] });
  expect(exported.document.blocks).toHaveLength(5);

  const importedName = uniqueName('Importado');
  await flows.importFile(tempFile('menu.flow.json', JSON.stringify({ ...exported, flow: { ...exported.flow, name: importedName } })));
  await expect(flows.notice).toHaveText(`Imported "${importedName}"`);
  await expect(flows.row(importedName)).toBeVisible();
  await flows.openFlow(importedName);
  await expect(new FlowEditorPage(page).cards).toHaveCount(5);

  await flows.open(env.remoteUrl);
  // Count only once the list has loaded (the imported flow is in it), or the count can be 0.
  await expect(flows.row(importedName)).toBeVisible();
  const rows = await page.getByTestId('flow-row').count();
  await flows.importFile(tempFile('broken.json', '{ "format": "uzz.flow", '));
  await expect(flows.notice).toContainText('This file is not JSON');
  const broken = {
    ...exported,
    flow: { ...exported.flow, name: uniqueName('Quebrado') },
    document: { ...exported.document, edges: [{ id: 'x', source: 'hello', sourceHandle: 'next', target: 'nowhere' }] },
  };
  await flows.importFile(tempFile('broken.flow.json', JSON.stringify(broken)));
  await expect(flows.notice).toContainText('Nothing was imported');
  await expect(flows.notice).toContainText('does not exist');
  await flows.importFile(tempFile('other.json', JSON.stringify({ hello: 'world' })));
  await expect(flows.notice).toContainText('not a flow file');
  await expect(page.getByTestId('flow-row')).toHaveCount(rows);
});

test('renames, duplicates, activates (once published) and deletes flows with confirmation', async ({ page }) => {
  const name = uniqueName('Lista');
  await seedFlow(name, menuFlowDocument());
  await signInAsOwner(page);
  const flows = new FlowsPage(page);
  await flows.open(env.remoteUrl);

  const renamed = `${name} renomeado`;
  await flows.row(name).getByRole('button', { name: 'Rename' }).click();
  await page.getByTestId('flow-name-input').fill(renamed);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(flows.row(renamed)).toBeVisible();

  await flows.row(renamed).getByRole('button', { name: 'Duplicate' }).click();
  await expect(flows.row(`${renamed} (copy)`)).toBeVisible();

  // A flow that was never published cannot be activated: the reason is shown.
  await flows.row(renamed).getByTestId('flow-active').click();
  await expect(flows.notice).toContainText('publish the flow before activating it');
  await expect(flows.row(renamed).getByTestId('flow-active')).not.toBeChecked();
  await flows.openFlow(renamed);
  await new FlowEditorPage(page).command('flow.publish').click();
  await page.getByTestId('publish-confirm').click();
  await expect(page.getByTestId('published-version')).toHaveText('Version 1');
  await flows.open(env.remoteUrl);
  await expect(flows.row(renamed)).toContainText('Version 1');
  // Publishing made it live; deactivating is separate. The box follows the server's answer, not the click.
  await expect(flows.row(renamed).getByTestId('flow-active')).toBeChecked();
  await expect(flows.row(renamed)).toContainText('Active');
  await saveScreenshot(page, 'flows-list');
  await flows.row(renamed).getByTestId('flow-active').click();
  await expect(flows.row(renamed)).toContainText('Inactive');
  await flows.row(renamed).getByTestId('flow-active').click();
  await expect(flows.row(renamed).getByTestId('flow-active')).toBeChecked();

  await flows.row(`${renamed} (copy)`).getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`Delete "${renamed} (copy)"`);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(flows.row(`${renamed} (copy)`)).toBeVisible();
  await flows.row(`${renamed} (copy)`).getByRole('button', { name: 'Delete' }).click();
  await confirm.getByTestId('confirm').click();
  await expect(flows.row(`${renamed} (copy)`)).toHaveCount(0);
});

test('trigger keywords are edited and kept; the QR code is shown and downloads as PNG and SVG', async ({ page }) => {
  const flow = await seedFlow(uniqueName('Gatilhos'), menuFlowDocument());
  await signInAsOwner(page);
  const editor = new FlowEditorPage(page);
  await page.goto(`${env.remoteUrl}/flows/${flow.id}`);
  await editor.tab('flow').click();
  const settings = page.getByTestId('flow-settings');
  await settings.getByTestId('keyword-input').fill('Cardápio');
  await settings.getByTestId('keyword-input').press('Enter');
  await settings.getByTestId('keyword-input').fill('menu');
  await settings.getByRole('button', { name: 'Add keyword' }).click();
  await expect(settings.getByTestId('keywords').getByRole('listitem')).toHaveText(['Cardápio✕', 'menu✕']);
  await settings.getByRole('button', { name: 'Remove keyword menu' }).click();
  await editor.expectSaved();
  await page.reload();
  await editor.tab('flow').click();
  await expect(settings.getByTestId('keywords').getByRole('listitem')).toHaveText(['Cardápio✕']);

  await settings.getByLabel('Starts when').selectOption('qr_code');
  await settings.getByTestId('qr-code-text').fill('PAO-QUENTE');
  await settings.getByTestId('qr-code-text').press('Enter');
  const image = settings.getByTestId('qr-image');
  // The client's number is +55 11 4000-1000: the code opens a chat with it, the text typed in.
  await expect(image).toHaveAttribute('data-content', 'https://wa.me/551140001000?text=PAO-QUENTE');
  await expect(image).toHaveAttribute('alt', 'QR code that opens WhatsApp with "PAO-QUENTE"');

  const png = page.waitForEvent('download');
  await settings.getByTestId('qr-download-png').click();
  const pngFile = await png;
  expect(pngFile.suggestedFilename()).toBe('qr-PAO-QUENTE.png');
  expect(
    fs
      .readFileSync(await pngFile.path())
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');
  const svg = page.waitForEvent('download');
  await settings.getByTestId('qr-download-svg').click();
  const svgFile = await svg;
  expect(svgFile.suggestedFilename()).toBe('qr-PAO-QUENTE.svg');
  expect(fs.readFileSync(await svgFile.path(), 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
});

test('a save that conflicts with another tab shows what changed and lets the designer choose; nothing is overwritten silently', async ({ context }) => {
  const flow = await seedFlow(uniqueName('Conflito'), menuFlowDocument());
  const first = await context.newPage();
  await signInAsOwner(first);
  const second = await context.newPage();
  const url = `${env.remoteUrl}/flows/${flow.id}`;
  await first.goto(url);
  await second.goto(url);
  const a = new FlowEditorPage(first);
  const b = new FlowEditorPage(second);
  await expect(a.cards).toHaveCount(5);
  await expect(b.cards).toHaveCount(5);

  await a.select('hello');
  await a.field(/^Text/).fill('Texto da aba A');
  await a.expectSaved();

  await b.select('hello');
  await b.field(/^Text/).fill('Texto da aba B');
  const dialog = second.getByTestId('conflict-dialog');
  await expect(dialog).toBeVisible();
  await expect(b.saveState).toHaveAttribute('data-status', 'conflict');
  await expect(dialog.getByTestId('conflict-diff')).toContainText('Blocks that differ: hello');
  await dialog.getByTestId('conflict-take-theirs').click();
  await expect(dialog).toBeHidden();
  await expect(b.card('hello')).toContainText('Texto da aba A');
  await b.expectSaved();

  // B goes on from A's draft; now A is the one behind, and keeps its own version knowingly.
  await b.select('bye');
  await b.field('Closing message').fill('Até mais (B)');
  await b.expectSaved();
  await a.field(/^Text/).fill('Texto final da aba A');
  await expect(first.getByTestId('conflict-dialog')).toBeVisible();
  await expect(first.getByTestId('conflict-diff')).toContainText('bye');
  await first.getByTestId('conflict-keep-mine').click();
  await a.expectSaved();
  await second.reload();
  await expect(b.card('hello')).toContainText('Texto final da aba A');
  await expect(b.card('bye')).not.toContainText('Até mais (B)');
});
