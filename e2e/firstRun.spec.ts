import { expect, test } from '@playwright/test';
import { AppShellPage } from './pages/AppShellPage.js';
import { e2eEnvironment } from './support/env.js';
import { expectCookieSession } from './support/expectCookieSession.js';
import { saveScreenshot } from './support/screenshots.js';

const env = e2eEnvironment();
// The whole form in one screenshot.
test.use({ viewport: { width: 1280, height: 1100 } });

// The "fresh" server starts with no account: this spec sets it up, once.
test('a new server shows the set-up, checks each field, sets up in Portuguese and signs the owner in; afterwards it shows sign-in', async ({
  page,
  browser,
}) => {
  await page.goto(env.freshUrl);
  await expect(page.getByRole('heading', { name: 'Set up your server' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toHaveCount(0);

  // Nothing filled in: every field says what is wrong, in English.
  await page.getByRole('button', { name: 'Create and sign in' }).click();
  await expect(page.getByText('Enter the business name (2 to 200 characters).')).toBeVisible();
  await expect(page.getByText('Enter your name.')).toBeVisible();
  await expect(page.getByText('Enter a valid e-mail address, like name@example.com.')).toBeVisible();
  await expect(page.getByText('The password does not meet the rules below.')).toBeVisible();

  // Switching the language switches the screen (and its errors).
  await page.getByLabel('Language').selectOption('pt-BR');
  await expect(page.getByRole('heading', { name: 'Configure o seu servidor' })).toBeVisible();
  await expect(page.getByText('Informe o nome da empresa (de 2 a 200 caracteres).')).toBeVisible();

  await page.getByLabel('Nome da empresa').fill('Padaria Pão Quente');
  await page.getByLabel('Seu nome').fill('Dona Maria');
  await page.getByLabel('E-mail').fill('maria@padaria-fresh.test');
  await expect(page.getByText('Informe o seu nome.')).toHaveCount(0); // a corrected field loses its error
  await expect(page.getByText('A senha não atende às regras abaixo.')).toHaveCount(0); // the e-mail is part of a password rule
  const password = page.getByLabel('Senha', { exact: true });
  // The rules tick live as the password is typed.
  await password.fill('maria123');
  await expect(page.locator('[data-rule="notEmail"]')).toHaveAttribute('data-met', 'false');
  await expect(page.locator('[data-rule="length"]')).toHaveAttribute('data-met', 'true');
  await page.getByRole('button', { name: 'Criar e entrar' }).click();
  await expect(page.getByText('A senha não atende às regras abaixo.')).toBeVisible();

  await password.fill('pão quente 2024');
  await expect(page.locator('[data-rule][data-met="false"]')).toHaveCount(0);
  await expect(page.getByLabel(/conteúdo de exemplo/)).toBeChecked();
  await page.getByLabel('Nome da empresa').focus(); // the screenshot shows the form from its top
  await saveScreenshot(page, 'setup');
  await page.getByRole('button', { name: 'Criar e entrar' }).click();

  // Signed in as the owner, in Portuguese, on the app.
  const shell = new AppShellPage(page);
  await shell.expectSignedInAs('Dona Maria · Proprietário');
  await expect(page).toHaveURL(/\/(test-phone|inbox)$/);
  await expectCookieSession(page, env.freshUrl);

  // The sample flow is there, active.
  await page.goto(`${env.freshUrl}/flows`);
  await expect(page.getByText('Boas-vindas (exemplo)')).toBeVisible();

  // Someone else opening the server now gets sign-in, not the set-up.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(env.freshUrl);
  await expect(otherPage.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(otherPage.getByRole('heading', { name: 'Set up your server' })).toHaveCount(0);
  await other.close();
});
