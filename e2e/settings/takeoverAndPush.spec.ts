// Two settings cards in Chromium: the takeover policy (what a person taking a chat does to its
// running flow, and what giving it back does) and the push preferences each member keeps on the
// server for their phones. The world is shared with the worker's other specs: each test puts back
// what it changed (the policy, the preferences) and deletes the flow it made.
import { AppShellPage } from '../pages/AppShellPage.js';
import { InboxPage } from '../pages/InboxPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { E2E_PASSWORD } from '../support/env.js';
import { expect, test } from '../support/fixtures.js';
import { signInOverApi, trpcMutation, trpcQuery } from '../support/trpcHttp.js';

const QUESTION = 'Qual é o número do seu pedido?';

test('the takeover policy chosen in Settings ends a running flow when a person takes over', async ({ page, whatsapp }) => {
  const owner = await signInOverApi(whatsapp.url, whatsapp.accounts.owner, E2E_PASSWORD);
  const flow = await trpcMutation<{ id: string }>(
    whatsapp.url,
    'flows.create',
    {
      name: 'Pedido',
      triggerType: 'manual',
      document: {
        schemaVersion: 2,
        startBlockId: 'pedido',
        blocks: [
          { id: 'pedido', type: 'question', data: { text: QUESTION, variable: 'pedido', input: { kind: 'text' } } },
          { id: 'fim', type: 'end', data: { then: 'bot', message: 'Anotado: {{pedido}}.' } },
        ],
        edges: [{ id: 'e1', source: 'pedido', sourceHandle: 'next', target: 'fim' }],
      },
    },
    owner,
  );
  await trpcMutation(whatsapp.url, 'flows.publish', { id: flow.id }, owner);
  try {
    await new SignInPage(page).open(whatsapp.url);
    await new SignInPage(page).signIn(whatsapp.accounts.owner, E2E_PASSWORD);
    const shell = new AppShellPage(page);
    await shell.go(/^Settings$/);
    const card = page.getByRole('group', { name: 'Flows when a person takes over' });
    const onTakeover = card.getByLabel('When a person takes over');
    const onReturn = card.getByLabel('When the conversation goes back to the bot');
    await expect(onTakeover).toHaveValue('pause');
    await expect(onReturn).toBeEnabled();
    await onTakeover.selectOption({ label: 'End the flow' });
    // An ended flow has nothing to resume: the second choice no longer applies.
    await expect(onReturn).toBeDisabled();
    await page.reload();
    await expect(onTakeover).toHaveValue('cancel');
    expect(await trpcQuery<{ onTakeover: string }>(whatsapp.url, 'conversations.takeoverPolicy', undefined, owner)).toMatchObject({ onTakeover: 'cancel' });

    await whatsapp.customerWrites('5511987650188', 'Davi Rocha', 'Oi, quero saber do meu pedido');
    await shell.go(/^Inbox$/);
    const inbox = new InboxPage(page);
    await inbox.open('Davi Rocha');
    const start = page.getByTestId('start-flow');
    await start.getByRole('button', { name: 'Start flow' }).click();
    await start.getByTestId('start-flow-select').selectOption({ label: 'Pedido' });
    await start.getByTestId('start-flow-confirm').click();
    await expect(inbox.message(QUESTION)).toHaveCount(1);
    await expect(inbox.threadStatus).toHaveText('In the initial flow');

    await inbox.action(/^Take over$/).click();
    await expect(inbox.threadStatus).toHaveText('With a person');
    await inbox.action(/^Return to the bot$/).click();
    // The flow ended at the takeover: the bot answers freely and does not ask the question again.
    await expect(inbox.threadStatus).toHaveText('Bot answering');
    await expect(inbox.message(QUESTION)).toHaveCount(1);
    expect(whatsapp.graph.sent.filter((sent) => sent.to === '5511987650188' && JSON.stringify(sent.body).includes(QUESTION))).toHaveLength(1);
  } finally {
    await trpcMutation(whatsapp.url, 'conversations.setTakeoverPolicy', { onTakeover: 'pause', onReturn: 'resume' }, owner);
    // Other specs start "the" manual flow from the inbox: this one leaves none behind.
    await trpcMutation(whatsapp.url, 'flows.delete', { id: flow.id }, owner);
  }
});

test('push preferences are kept on the server: switched off, they stay off after a reload', async ({ page, whatsapp }) => {
  const agent = await signInOverApi(whatsapp.url, whatsapp.accounts.agent, E2E_PASSWORD);
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  await new AppShellPage(page).go(/^Settings$/);
  const preferences = page.getByTestId('push-preferences');
  const onMessage = preferences.getByLabel('A new message in a conversation assigned to me');
  const onAssigned = preferences.getByLabel('A conversation is assigned to me');
  await expect(onMessage).toBeChecked();
  await expect(onMessage).toBeEnabled();
  try {
    await onMessage.uncheck();
    await expect(onMessage).toBeEnabled(); // saved
    await page.reload();
    await expect(onMessage).not.toBeChecked();
    await expect(onAssigned).toBeChecked();
    expect(await trpcQuery(whatsapp.url, 'pushTokens.preferences', undefined, agent)).toMatchObject({ onMessage: false, onAssigned: true, onTransfer: true });
    await onMessage.check();
    await expect(onMessage).toBeEnabled();
    expect(await trpcQuery(whatsapp.url, 'pushTokens.preferences', undefined, agent)).toMatchObject({ onMessage: true });
  } finally {
    await trpcMutation(whatsapp.url, 'pushTokens.savePreferences', { onMessage: true }, agent);
  }
});
