// Contacts and campaigns in Chromium: an owner imports contacts from a CSV (mapping suggested,
// consent recorded, a bad row reported), labels one on the contact's page, filters by the label,
// sends a campaign of an approved template to that label with a reply flow and follows its
// progress; the recipient's reply starts the flow. In the inbox, the conversation gets the label
// and a private note (never sent), and the list filters by the label.
import { AppShellPage } from './pages/AppShellPage.js';
import { InboxPage } from './pages/InboxPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';
import { signInOverApi, trpcMutation } from './support/trpcHttp.js';

const WABA = '555000111222';

test('import → label → campaign → progress → a reply that starts a flow', async ({ page, whatsapp }) => {
  test.setTimeout(120_000);
  const owner = await signInOverApi(whatsapp.url, whatsapp.accounts.owner, E2E_PASSWORD);
  await trpcMutation(whatsapp.url, 'clients.updateSettings', { metaWabaId: WABA }, owner);
  whatsapp.graph.addTemplate(WABA, {
    name: 'novidades',
    language: 'pt_BR',
    status: 'APPROVED',
    category: 'MARKETING',
    components: [{ type: 'BODY', text: 'Olá {{1}}, temos novidades!' }],
  });
  await trpcMutation(whatsapp.url, 'whatsapp.templates.sync', {}, owner);
  const flow = await trpcMutation<{ id: string }>(
    whatsapp.url,
    'flows.create',
    {
      name: 'Resposta da campanha',
      triggerType: 'manual',
      document: {
        schemaVersion: 2,
        startBlockId: 'oi',
        blocks: [
          { id: 'oi', type: 'message', data: { kind: 'text', text: 'Que bom que respondeu! Veja nosso catálogo.' } },
          { id: 'fim', type: 'end', data: { then: 'bot' } },
        ],
        edges: [{ id: 'e1', source: 'oi', sourceHandle: 'next', target: 'fim' }],
      },
    },
    owner,
  );
  await trpcMutation(whatsapp.url, 'flows.publish', { id: flow.id }, owner);

  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.owner, E2E_PASSWORD);
  await new AppShellPage(page).expectSignedInAs('Owner Lima');

  // Import.
  await page.getByRole('link', { name: 'Contacts' }).click();
  await page.getByTestId('contacts-import-open').click();
  await page.getByTestId('import-file').setInputFiles({
    name: 'clientes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('nome;telefone\nRita Campos;(11) 98765-4401\nPaulo Reis;5511987654402\nSem Número;12\n'),
  });
  await expect(page.getByRole('combobox', { name: 'telefone' })).toHaveValue('phone');
  await expect(page.getByRole('combobox', { name: 'nome' })).toHaveValue('name');
  await page.getByLabel('These contacts agreed to receive messages from us (record consent)').check();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('import-progress')).toContainText('3 of 3 rows: 2 new, 0 updated, 1 refused');
  await expect(page.getByTestId('import-progress')).toContainText('Line 4: "12" is not a phone number');
  // Both are listed (the e2e server is shared: other specs' customers are contacts too).
  await expect(page.getByRole('link', { name: 'Rita Campos' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Paulo Reis' })).toBeVisible();

  // Label Rita on her page.
  await page.getByPlaceholder('New label').fill('Promo');
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.getByRole('link', { name: 'Rita Campos' }).click();
  await expect(page.getByTestId('contact-name')).toHaveText('Rita Campos');
  await expect(page.getByTestId('contact-consent')).toContainText('Opted in on');
  await page.getByRole('checkbox', { name: 'Promo' }).click(); // saved, then shown checked
  await expect(page.getByRole('checkbox', { name: 'Promo' })).toBeChecked();
  await page.getByRole('link', { name: 'All contacts' }).click();
  await page.getByRole('combobox', { name: 'Label' }).selectOption({ label: 'Promo' });
  await expect(page.getByTestId('contacts-total')).toHaveText('1 contact');
  await expect(page.getByTestId('contact-row')).toHaveAttribute('data-phone', '5511987654401');

  // The campaign.
  await page.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: 'New campaign' }).click();
  await page.getByLabel('Campaign name').fill('Novidades de outubro');
  await page.getByLabel('Approved template').selectOption({ label: 'novidades (pt_BR)' });
  await expect(page.getByLabel('Variable 1')).toHaveValue('name');
  await page.getByLabel('Audience').selectOption({ label: 'Promo' });
  await page.getByLabel('When a recipient replies, start the flow').selectOption({ label: 'Resposta da campanha' });
  await expect(page.getByTestId('campaign-estimate')).toHaveText('1 recipients · MARKETING · about R$ 0.35');
  await expect(page.getByText('Olá Rita Campos, temos novidades!')).toBeVisible();
  await page.getByRole('button', { name: 'Send campaign' }).click();
  await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'done');
  const progress = page.getByTestId('campaign-progress');
  await expect(progress.locator('[data-figure="sent"]')).toHaveAttribute('data-value', '1');
  expect(whatsapp.graph.sent.filter((sent) => sent.body.type === 'template').map((sent) => sent.to)).toEqual(['5511987654401']);

  // Rita replies: the campaign's flow answers.
  await whatsapp.customerWrites('5511987654401', 'Rita Campos', 'Quero saber!');
  await expect
    .poll(() => whatsapp.graph.sent.some((sent) => sent.to === '5511987654401' && JSON.stringify(sent.body).includes('Que bom que respondeu!')), {
      timeout: 20_000,
    })
    .toBe(true);
  await expect(progress.locator('[data-figure="replied"]')).toHaveAttribute('data-value', '1');

  // The inbox: label the conversation, write a private note, filter by the label.
  await page.getByRole('link', { name: 'Inbox' }).click();
  const inbox = new InboxPage(page);
  await whatsapp.customerWrites('5511987654403', 'Outro Cliente', 'Oi');
  await expect(inbox.conversation('Outro Cliente')).toBeVisible();
  await inbox.open('Rita Campos');
  const panel = page.getByTestId('thread-notes');
  await panel.locator('summary').click();
  await panel.getByRole('checkbox', { name: 'Promo' }).click();
  await expect(panel.getByRole('checkbox', { name: 'Promo' })).toBeChecked();
  await panel.getByRole('textbox', { name: 'Note' }).fill('Prefere contato à tarde.');
  await panel.getByRole('button', { name: 'Add note' }).click();
  await expect(panel.getByTestId('thread-note')).toContainText('Prefere contato à tarde.');
  expect(whatsapp.graph.sent.some((sent) => JSON.stringify(sent.body).includes('Prefere contato'))).toBe(false);
  await page.getByTestId('inbox-label-filter').selectOption({ label: 'Promo' });
  await expect(inbox.conversation('Rita Campos')).toBeVisible();
  await expect(inbox.conversation('Outro Cliente')).toHaveCount(0);
});
