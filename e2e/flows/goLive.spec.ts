// Issue 18's flow builder fixes in Chromium: keywords typed fast are all kept; publishing asks first,
// listing the triggers that go live, and makes the flow live; a viewer gets a read-only builder; a
// small flow built with the keyboard alone; validation in Portuguese naming blocks by label; a
// keyword another live flow has, typed into a live flow, is refused beside the field and kept.
import { expect, test, type Page } from '@playwright/test';
import { AppShellPage } from '../pages/AppShellPage.js';
import { FlowEditorPage } from '../pages/FlowEditorPage.js';
import { FlowsPage } from '../pages/FlowsPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { E2E_PASSWORD, e2eEnvironment } from '../support/env.js';
import { menuFlowDocument, ownerToken, seedFlow, uniqueName } from './seedFlow.js';
import { trpcMutation } from '../support/trpcHttp.js';
import { signInAsOwner } from './signIn.js';

const env = e2eEnvironment();
/** Keywords no other test's flow has (the remote server is shared by every spec). */
const uniqueWord = (base: string) => `${base}${Date.now().toString(36).slice(-5)}`;

async function openEditor(page: Page, flowId: string) {
  const editor = new FlowEditorPage(page);
  await page.goto(`${env.remoteUrl}/flows/${flowId}`);
  await expect(editor.canvas).toBeVisible();
  return editor;
}

test('keywords typed fast, one after another, are all kept and saved', async ({ page }) => {
  const flow = await seedFlow(uniqueName('Rápido'), menuFlowDocument());
  await signInAsOwner(page);
  const editor = await openEditor(page, flow.id);
  await editor.tab('flow').click();
  const settings = page.getByTestId('flow-settings');
  const words = ['um', 'dois', 'tres', 'quatro', 'cinco', 'seis'].map(uniqueWord);
  // No pause between them: each Enter adds a keyword while the previous save is still on its way.
  await settings.getByTestId('keyword-input').pressSequentially(words.map((word) => `${word}\n`).join(''), { delay: 0 });
  await expect(settings.getByTestId('keywords').getByRole('listitem')).toHaveText(words.map((word) => `${word}✕`));
  await editor.expectSaved();
  await page.reload();
  await editor.tab('flow').click();
  await expect(settings.getByTestId('keywords').getByRole('listitem')).toHaveText(words.map((word) => `${word}✕`));
});

test('a keyword another live flow has, typed into a live flow, is refused beside the field and kept as typed', async ({ page }) => {
  const taken = uniqueWord('promo');
  const own = uniqueWord('pao');
  const otherName = uniqueName('Promoções');
  const token = await ownerToken();
  const other = await seedFlow(otherName, menuFlowDocument(), { triggerKeywords: [taken] });
  const flow = await seedFlow(uniqueName('Padaria'), menuFlowDocument(), { triggerKeywords: [own] });
  for (const id of [other.id, flow.id]) await trpcMutation(env.remoteUrl, 'flows.publish', { id }, token);
  await signInAsOwner(page);
  const editor = await openEditor(page, flow.id);
  await editor.tab('flow').click();
  const settings = page.getByTestId('flow-settings');
  await settings.getByTestId('keyword-input').fill(taken);
  await settings.getByTestId('keyword-input').press('Enter');
  await expect(settings.getByTestId('trigger-refusal')).toContainText(
    `Triggers not saved: the active flow "${otherName}" already starts with the keyword "${taken}"`,
  );
  // Kept as typed, and no edit-conflict dialog: this is no one else's change.
  await expect(settings.getByTestId('keywords').getByRole('listitem')).toHaveText([`${own}✕`, `${taken}✕`]);
  await expect(editor.saveState).not.toHaveAttribute('data-status', 'conflict');
  await expect(page.getByTestId('conflict-dialog')).toHaveCount(0);
  // Removing it saves the triggers again and the message goes.
  await settings.getByRole('button', { name: `Remove keyword ${taken}` }).click();
  await expect(settings.getByTestId('trigger-refusal')).toHaveCount(0);
  await editor.expectSaved();
  await page.reload();
  await editor.tab('flow').click();
  await expect(settings.getByTestId('keywords').getByRole('listitem')).toHaveText([`${own}✕`]);
});

test('publishing asks first, listing the triggers that go live, and makes the flow live', async ({ page }) => {
  const keywords = [uniqueWord('cardapio'), uniqueWord('menu')];
  const name = uniqueName('No ar');
  const flow = await seedFlow(name, menuFlowDocument(), { triggerKeywords: keywords });
  await signInAsOwner(page);
  const editor = await openEditor(page, flow.id);
  await editor.command('flow.publish').click();
  const dialog = page.getByTestId('publish-dialog');
  await expect(dialog).toContainText(`Publish "${name}"?`);
  await expect(dialog.getByTestId('publish-triggers').getByRole('listitem')).toHaveText(
    keywords.map((keyword) => `a message that is the keyword "${keyword}"`),
  );
  // Cancel publishes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('published-version')).toHaveText('Not published');

  await editor.shortcut('Mod+Shift+P');
  await page.getByTestId('publish-confirm').click();
  await expect(editor.notice).toHaveText('Published as version 1.');
  const flows = new FlowsPage(page);
  await flows.open(env.remoteUrl);
  await expect(flows.row(name).getByTestId('flow-active')).toBeChecked();

  // Another flow with one of these keywords is refused, naming this one; nothing is published.
  const rival = await seedFlow(uniqueName('Rival'), menuFlowDocument(), { triggerKeywords: [keywords[1]] });
  const rivalEditor = await openEditor(page, rival.id);
  await rivalEditor.command('flow.publish').click();
  await page.getByTestId('publish-confirm').click();
  await expect(rivalEditor.notice).toContainText(`the active flow "${name}" already starts with the keyword "${keywords[1]}"`);
  await expect(page.getByTestId('published-version')).toHaveText('Not published');
});

test('a viewer sees the builder read-only: no palette, no drag, no save, no publish', async ({ page }) => {
  const flow = await seedFlow(uniqueName('Só leitura'), menuFlowDocument());
  const signIn = new SignInPage(page);
  await signIn.open(env.remoteUrl);
  await signIn.signIn(env.accounts.viewer, E2E_PASSWORD);
  await new AppShellPage(page).expectSignedInAs('Viewer Silva');
  const editor = await openEditor(page, flow.id);
  await expect(editor.cards).toHaveCount(5);
  await expect(page.getByTestId('read-only')).toBeVisible();
  await expect(page.locator('.palette')).toHaveCount(0);
  await expect(editor.command('flow.publish')).toHaveCount(0);
  await expect(editor.saveState).toHaveCount(0);
  await expect(editor.tab('test')).toHaveCount(0);

  const before = await editor.positionOf('agent');
  await editor.dragBlock('agent', 80, 80);
  expect(await editor.positionOf('agent')).toEqual(before);
  // The forms show the settings, every field disabled; shortcuts change nothing either.
  await page.keyboard.press(']'); // the first block, in flow order
  await expect(editor.panel).toHaveAttribute('data-block-id', 'hello');
  await expect(editor.field(/^Text/)).toBeDisabled();
  await editor.shortcut('Delete');
  await editor.shortcut('Mod+D');
  await expect(editor.cards).toHaveCount(5);
  await editor.tab('flow').click();
  await expect(page.getByTestId('keyword-input')).toBeDisabled();
  await editor.tab('versions').click();
  await expect(page.getByTestId('version-restore')).toHaveCount(0);
});

test('builds a small flow with the keyboard alone: add after, open the form, move between blocks, connect', async ({ page }) => {
  await signInAsOwner(page);
  const flows = new FlowsPage(page);
  await flows.open(env.remoteUrl);
  await flows.create(uniqueName('Teclado'));
  const editor = new FlowEditorPage(page);
  await expect(editor.canvas).toBeVisible();

  // The palette's buttons are in the tab order; Enter adds the block and opens its form.
  await page.getByTestId('palette-message').focus();
  await page.keyboard.press('Enter');
  await expect(editor.cards).toHaveCount(1);
  // The form's first field (after the name on the canvas) has the focus: here, what the message holds.
  await expect(editor.field('Content')).toBeFocused();
  const hello = (await editor.panel.getAttribute('data-block-id'))!;
  await editor.field(/^Text/).focus();
  await page.keyboard.type('Olá! Posso ajudar?');
  // Escape leaves the form for the selected card; Enter opens the form again.
  await page.keyboard.press('Escape');
  await expect(page.locator(`.react-flow__node[data-id="${hello}"]`)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(editor.field('Content')).toBeFocused();
  // "New block after this one": an end block, connected from the message's way out.
  await editor.panel.getByTestId('add-after-type').focus();
  await editor.panel.getByTestId('add-after-type').selectOption('end');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(editor.cards).toHaveCount(2);
  await expect(editor.edges).toHaveCount(1);
  await expect(editor.panel).not.toHaveAttribute('data-block-id', hello);
  const bye = (await editor.panel.getAttribute('data-block-id'))!;
  await expect(editor.panel.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  // The card has the focus before the next key (pressed sooner, it would be typed into the form).
  await expect(page.locator(`.react-flow__node[data-id="${bye}"]`)).toBeFocused();

  // [ and ] walk the flow; Enter opens the block's form.
  await page.keyboard.press('[');
  await expect(editor.panel).toHaveAttribute('data-block-id', hello);
  await page.keyboard.press(']');
  await expect(editor.panel).toHaveAttribute('data-block-id', bye);
  await page.keyboard.press('[');
  await expect(page.locator(`.react-flow__node[data-id="${hello}"]`)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(editor.field('Content')).toBeFocused();

  // A handoff added after the message is not connected (the message's one way out is taken): connect it from its form.
  await editor.panel.getByTestId('add-after-type').focus();
  await editor.panel.getByTestId('add-after-type').selectOption('handoff');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(editor.cards).toHaveCount(3);
  await expect(editor.edges).toHaveCount(1);
  const goesTo = editor.panel.getByLabel('Next goes to');
  await goesTo.focus();
  await goesTo.selectOption({ label: '2. End' });
  await expect(editor.edges).toHaveCount(2);
  await expect(editor.problemsSummary).toHaveText(/^0 errors/);
  await editor.expectSaved();
  await page.reload();
  await expect(editor.cards).toHaveCount(3);
  await expect(editor.edges).toHaveCount(2);
});

test('validation speaks Portuguese and names blocks by their label, never by internal id', async ({ page }) => {
  const flow = await seedFlow(uniqueName('Português'), {
    schemaVersion: 2,
    startBlockId: 'block_a1',
    blocks: [
      { id: 'block_a1', label: 'Boas-vindas', type: 'message', position: { x: 0, y: 0 }, data: { kind: 'text', text: '' } },
      { id: 'block_b2', type: 'end', position: { x: 340, y: 0 }, data: { then: 'bot' } },
    ],
    edges: [{ id: 'e1', source: 'block_a1', sourceHandle: 'next', target: 'block_b2' }],
  });
  await signInAsOwner(page);
  await page.evaluate(() => localStorage.setItem('uzz.language', 'pt-BR'));
  const editor = await openEditor(page, flow.id);
  const problem = editor.problems.first();
  await expect(problem).toContainText('Boas-vindas');
  await expect(problem).toContainText('A mensagem está vazia.');
  await expect(page.getByTestId('problems')).not.toContainText('block_');
  await page.evaluate(() => localStorage.setItem('uzz.language', 'en'));
});
