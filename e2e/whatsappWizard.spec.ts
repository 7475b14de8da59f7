// The WhatsApp connection wizard against a real server and the fake Graph API: the owner checks the
// typed credentials with Meta (a refused token reads in plain words), saves them, copies the
// webhook URL and verify token (which the webhook then accepts), sees the number's display name and
// quality rating, and sends a test message that reaches the Graph API with the new token.
import { AdminPage } from './pages/AdminPage.js';
import { AppShellPage } from './pages/AppShellPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { WhatsappWizardPage } from './pages/WhatsappWizardPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';

// The world's client (e2e/support/whatsappWorld.ts) already has this number; the wizard adds the
// business account, replaces the token and keeps the app secret the world signs webhooks with.
const PHONE_NUMBER_ID = '1077700011122';
const WABA_ID = '2088800011133';
const NEW_TOKEN = 'EAAwizard-e2e-new-token';

test('the owner connects the number: checks it with Meta, pastes the webhook, sees the display name and sends a test message', async ({ page, whatsapp }) => {
  whatsapp.graph.addPhoneNumber(PHONE_NUMBER_ID, { displayPhoneNumber: '+55 11 4000-2000', verifiedName: 'Loja Azul', qualityRating: 'GREEN' });
  whatsapp.graph.addBusinessAccount(WABA_ID, { name: 'Loja Azul Ltda' });
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.owner, E2E_PASSWORD);
  await new AppShellPage(page).expectSignedInAs('Owner Lima');
  const wizard = new WhatsappWizardPage(page);
  await wizard.open(whatsapp.url);
  await expect(page.getByRole('link', { name: 'WhatsApp' })).toHaveAttribute('aria-current', 'page');

  // Step 1: the saved number is there, its secrets only as "set".
  await wizard.step(/Ids and secrets/).click();
  await expect(wizard.field(/^Phone number id$/)).toHaveValue(PHONE_NUMBER_ID);
  await expect(page.getByTestId('wizard-accessToken-status')).toHaveText('set');
  await expect(wizard.field(/^Access token$/)).toHaveValue('');
  await wizard.field(/^WhatsApp Business account id$/).fill('not-a-number');
  await wizard.button(/^Save and continue$/).click();
  await expect(page.getByText('The WhatsApp Business account id has only digits (5 to 30).')).toBeVisible();
  await wizard.field(/^WhatsApp Business account id$/).fill(WABA_ID);

  // Meta refuses the token: said in plain words, with Meta's own text.
  whatsapp.graph.failNextLookup(190, 1, { id: PHONE_NUMBER_ID });
  await wizard.field(/^Access token$/).fill('EAAexpired-token-000');
  await wizard.button(/^Check with Meta before saving$/).click();
  await expect(wizard.problem).toHaveAttribute('data-problem', 'invalid_token');
  await expect(wizard.problem).toContainText('Meta refused the access token: it is invalid, expired or was revoked.');
  await expect(wizard.problem).toContainText('Meta said: Error validating access token');

  await wizard.field(/^Access token$/).fill(NEW_TOKEN);
  await wizard.button(/^Check with Meta before saving$/).click();
  await expect(wizard.verified).toContainText('Loja Azul');
  await expect(wizard.verified).toContainText('Loja Azul Ltda');
  expect(whatsapp.graph.lookups.at(-1)).toMatchObject({ id: WABA_ID, token: NEW_TOKEN });
  await wizard.button(/^Save and continue$/).click();

  // Step 2: the webhook URL and verify token to paste into Meta; the webhook accepts that token.
  await expect(page.getByTestId('webhook-url')).toHaveValue(`${whatsapp.url}/webhooks/whatsapp`);
  await expect(page.getByRole('note').filter({ hasText: 'Meta cannot reach a local address (127.0.0.1)' })).toBeVisible();
  const verifyToken = await page.getByTestId('verify-token').inputValue();
  expect(verifyToken).not.toBe(''); // the world's client keeps the token it was created with
  const handshake = await fetch(`${whatsapp.url}/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=4242&hub.verify_token=${encodeURIComponent(verifyToken)}`);
  expect(handshake.status).toBe(200);
  expect(await handshake.text()).toBe('4242');
  await wizard.field(/^Public address of this server$/).fill('https://bot.loja-azul.example');
  await expect(page.getByTestId('webhook-url')).toHaveValue('https://bot.loja-azul.example/webhooks/whatsapp');

  // Step 3: Meta's display name and quality rating for the saved number.
  await wizard.button(/^Next$/).click();
  await wizard.button(/^Check the connection$/).click();
  await expect(page.getByTestId('verified-name')).toHaveText('Loja Azul');
  await expect(page.getByTestId('quality-rating')).toHaveText('High (green)');
  await expect(wizard.status).toContainText('Connected: Loja Azul +55 11 4000-2000');

  // Step 4: a test message to a number that never wrote: Meta's hello_world template, with the new token.
  await wizard.button(/^Next$/).click();
  await expect(page.getByRole('note').filter({ hasText: 'last 24 hours' })).toBeVisible();
  await wizard.field(/^Send to$/).fill('maria');
  await wizard.button(/^Send test message$/).click();
  await expect(page.getByText('Type the number with country and area code (digits only).')).toBeVisible();
  await wizard.field(/^Send to$/).fill('+55 11 91234-5678');
  await wizard.button(/^Send test message$/).click();
  await expect(page.getByTestId('test-sent')).toHaveAttribute('data-sent-as', 'template');
  const sent = whatsapp.graph.sent.at(-1);
  expect(sent).toMatchObject({
    phoneNumberId: PHONE_NUMBER_ID,
    to: '5511912345678',
    token: NEW_TOKEN,
    body: { type: 'template', template: { name: 'hello_world' } },
  });
  await expect(page.getByTestId('test-sent')).toContainText(sent!.wamid);
});

test.describe('with a Brazilian browser', () => {
  test.use({ locale: 'pt-BR' });

  test("the wizard and Meta's refusals read in Portuguese", async ({ page, whatsapp }) => {
    await new SignInPage(page).open(whatsapp.url);
    await new SignInPage(page).signIn(whatsapp.accounts.owner, E2E_PASSWORD);
    await new AppShellPage(page).expectSignedInAs('Owner Lima');
    const wizard = new WhatsappWizardPage(page);
    await wizard.open(whatsapp.url);
    await wizard.step(/Verificação/).click();
    whatsapp.graph.failNextLookup(10, 1, { id: PHONE_NUMBER_ID });
    await wizard.button(/^Verificar a conexão$/).click();
    await expect(wizard.problem).toHaveAttribute('data-problem', 'permission');
    await expect(wizard.problem).toContainText('Falta uma permissão ao token de acesso');
    await expect(wizard.problem).toContainText('A Meta disse:');
  });
});

test('agents cannot open the wizard', async ({ page, whatsapp }) => {
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
  await new AppShellPage(page).expectSignedInAs('Agent Lima');
  await page.goto(`${whatsapp.url}/admin/whatsapp`);
  await expect(new AdminPage(page).forbidden).toBeVisible();
});
