// The knowledge base screen in the browser against a real server embedding through the gateway
// with the fake model server: upload with progress, the source list, "try a question" showing
// the chunks and scores, cancelling a long upload, deleting a source, and a viewer's read-only view.
import { expect, test, type Page } from '@playwright/test';
import { KnowledgePage } from '../pages/KnowledgePage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { E2E_PASSWORD } from '../support/env.js';
import { saveScreenshot } from '../support/screenshots.js';
import { startKnowledgeWorld, type KnowledgeWorld } from '../support/knowledgeWorld.js';

test.describe.configure({ mode: 'serial', timeout: 90_000 });

let world: KnowledgeWorld;
test.beforeAll(async () => {
  test.setTimeout(240_000);
  world = await startKnowledgeWorld();
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

const HANDBOOK = `# Padaria Saber

## Entrega
Entregamos em toda a cidade. A taxa é de 8 reais no centro.

## Pagamento
Aceitamos Pix e cartão. Não aceitamos cheque.
`;

test('an owner uploads a file, sees it listed, and tries a question with chunks and scores', async ({ page }) => {
  await signIn(page, world.accounts.owner);
  const knowledge = new KnowledgePage(page);
  await knowledge.open();
  await expect(page.getByText('No files yet.')).toBeVisible();
  await knowledge.upload('manual.md', HANDBOOK);
  await expect(knowledge.job('manual.md: 2 chunks stored')).toBeVisible();
  await expect(knowledge.sourceRow('manual.md')).toContainText('2');
  const results = await knowledge.ask('Aceitamos cheque ou Pix?');
  await expect(results.getByRole('listitem').first()).toContainText('Não aceitamos cheque');
  await expect(results.getByRole('listitem').first()).toContainText(/manual\.md · Padaria Saber › Pagamento · score 0\.\d{3}/);
  await page.setViewportSize({ width: 1280, height: 1100 });
  await saveScreenshot(page, 'knowledge-base');
});

test('a long upload shows its progress and can be cancelled; the stored version stays', async ({ page }) => {
  world.models.setDefault('text-embedding-3-small', { kind: 'ok', latencyMs: 400 });
  try {
    await signIn(page, world.accounts.owner);
    const knowledge = new KnowledgePage(page);
    await knowledge.open();
    const long = Array.from({ length: 3000 }, (_, i) => `Parágrafo ${i}: o forno ${i} assa ${i % 7} fornadas por hora.`).join('\n\n');
    await knowledge.upload('manual.md', long);
    const running = knowledge.job(/manual\.md: \d+ of \d+ chunks/);
    await expect(running.getByRole('progressbar')).toBeVisible();
    await running.getByRole('button', { name: 'Cancel' }).click();
    await expect(knowledge.job('manual.md: cancelled')).toBeVisible();
    await expect(knowledge.sourceRow('manual.md').getByRole('cell').nth(1)).toHaveText('2');
  } finally {
    world.models.reset();
  }
});

test('an unreadable file is refused with the reason; deleting a source removes it', async ({ page }) => {
  await signIn(page, world.accounts.owner);
  const knowledge = new KnowledgePage(page);
  await knowledge.open();
  await knowledge.upload('empty.txt', '', 'text/plain');
  await expect(page.getByRole('alert')).toContainText('empty.txt: the file is empty');
  page.once('dialog', (dialog) => void dialog.accept());
  await knowledge
    .sourceRow('manual.md')
    .getByRole('button', { name: /Delete/ })
    .click();
  await expect(page.getByText('No files yet.')).toBeVisible();
});

test('a viewer sees the sources but cannot upload, delete or try questions', async ({ page }) => {
  await signIn(page, world.accounts.viewer);
  const knowledge = new KnowledgePage(page);
  await knowledge.open();
  await expect(page.getByTestId('knowledge-file')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Try a question' })).toHaveCount(0);
});
