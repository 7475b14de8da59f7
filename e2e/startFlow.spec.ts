// The manual trigger from the inbox: an agent starts a published flow for a conversation with the
// bot; the customer gets its first message and the chat shows it is in the flow. While it runs, a
// second start is refused with a readable reason.
import { AppShellPage } from './pages/AppShellPage.js';
import { InboxPage } from './pages/InboxPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';
import { signInOverApi, trpcMutation } from './support/trpcHttp.js';

test('an agent starts a published flow for a conversation from the inbox', async ({ page, whatsapp }) => {
  const owner = await signInOverApi(whatsapp.url, whatsapp.accounts.owner, E2E_PASSWORD);
  const flow = await trpcMutation<{ id: string }>(
    whatsapp.url,
    'flows.create',
    {
      name: 'Pesquisa de satisfação',
      triggerType: 'manual',
      document: {
        schemaVersion: 2,
        startBlockId: 'nota',
        blocks: [
          { id: 'nota', type: 'question', data: { text: 'De 0 a 10, que nota você nos dá?', variable: 'nota', input: { kind: 'text', validation: 'number' } } },
          { id: 'fim', type: 'end', data: { then: 'bot', message: 'Obrigado pela nota {{nota}}!' } },
        ],
        edges: [{ id: 'e1', source: 'nota', sourceHandle: 'next', target: 'fim' }],
      },
    },
    owner,
  );
  await trpcMutation(whatsapp.url, 'flows.publish', { id: flow.id }, owner);

  await whatsapp.customerWrites('5511987650077', 'Clara Nunes', 'Boa tarde!');
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  await new AppShellPage(page).expectSignedInAs('Agent Lima');
  const inbox = new InboxPage(page);
  await inbox.open('Clara Nunes');

  const start = page.getByTestId('start-flow');
  await start.getByRole('button', { name: 'Start flow' }).click();
  await expect(start.getByTestId('start-flow-select')).toHaveValue(flow.id);
  await expect(start.getByTestId('start-flow-select').locator('option:checked')).toHaveText('Pesquisa de satisfação');
  await start.getByTestId('start-flow-confirm').click();
  await expect(start.getByRole('status')).toHaveText('Flow "Pesquisa de satisfação" started.');
  await expect(inbox.message('De 0 a 10, que nota você nos dá?')).toBeVisible();
  await expect(inbox.threadStatus).toHaveText('In the initial flow');
  expect(whatsapp.graph.sent.some((sent) => sent.to === '5511987650077' && JSON.stringify(sent.body).includes('De 0 a 10'))).toBe(true);
  // Not offered while the flow runs (the server would refuse it: another flow is running).
  await expect(start.getByRole('button', { name: 'Start flow' })).toHaveCount(0);

  await whatsapp.customerWrites('5511987650077', 'Clara Nunes', '10');
  await expect(inbox.message('Obrigado pela nota 10!')).toBeVisible();
  await expect(inbox.threadStatus).toHaveText('Bot answering');
});
