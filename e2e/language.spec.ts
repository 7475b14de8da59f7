import { expect, test } from '@playwright/test';
import { AppShellPage } from './pages/AppShellPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD, e2eEnvironment } from './support/env.js';
import { saveScreenshot } from './support/screenshots.js';

const env = e2eEnvironment();

test.describe('with a Brazilian browser', () => {
  test.use({ locale: 'pt-BR' });

  test('starts in Portuguese, switches to English in settings, and remembers it', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.open(env.remoteUrl);
    await expect(page.getByRole('heading', { name: 'Entrar' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
    await signIn.signIn(env.accounts.owner, E2E_PASSWORD);

    const shell = new AppShellPage(page);
    await shell.expectSignedInAs('Owner Silva · Proprietário');
    await shell.go(/Configurações/);
    const settings = new SettingsPage(page);
    await settings.expectOpen();
    await saveScreenshot(page, 'settings-pt-BR');

    await settings.chooseLanguage('English');
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(page.getByRole('navigation').getByRole('link', { name: /Inbox/ })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});

test('starts in English for an English browser and can switch on the sign-in screen', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.open(env.remoteUrl);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await signIn.chooseLanguage('Português (Brasil)');
  await expect(page.getByRole('heading', { name: 'Entrar' })).toBeVisible();
  await expect(page.getByLabel('Senha')).toBeVisible();
});
