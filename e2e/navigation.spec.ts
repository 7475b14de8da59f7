// The renderer's router in the browser: a deep link opened signed out survives the sign-in, the
// side navigation and admin tabs push history entries that Back and Forward walk, a reload stays on
// the page, `/` goes to the inbox, an unknown address shows the not-found page inside the shell, a
// screen the role may not open sends the person to their landing screen saying so, and a platform
// administrator (no client of their own) lands on the platform screen.
import { expect, test, type Page } from '@playwright/test';
import { AdminPage } from './pages/AdminPage.js';
import { AppShellPage } from './pages/AppShellPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD, e2eEnvironment } from './support/env.js';

const env = e2eEnvironment();
const heading = (page: Page, name: RegExp) => page.getByRole('heading', { level: 1, name });

test('a deep link survives the sign-in; Back, Forward and reload follow the history', async ({ page }) => {
  const shell = new AppShellPage(page);
  await page.goto(`${env.remoteUrl}/knowledge`);
  const signIn = new SignInPage(page);
  await expect(signIn.email).toBeVisible();
  await expect(page).toHaveURL(/\/knowledge$/);
  await signIn.signIn(env.accounts.owner, E2E_PASSWORD);
  await expect(heading(page, /^Knowledge base$/)).toBeVisible();
  await expect(page).toHaveURL(/\/knowledge$/);
  await expect(shell.navigation.getByRole('link', { name: /Knowledge/ })).toHaveAttribute('aria-current', 'page');

  await shell.go(/Flows/);
  await expect(heading(page, /^Flows$/)).toBeVisible();
  await expect(page).toHaveURL(/\/flows$/);
  await shell.go(/^\W*Admin$/);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('link', { name: 'Client settings' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name: 'Users and invites' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('link', { name: 'Users and invites' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: 'Client settings' })).not.toHaveAttribute('aria-current', 'page');

  await page.goBack();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('link', { name: 'Client settings' })).toHaveAttribute('aria-current', 'page');
  await page.goBack();
  await expect(page).toHaveURL(/\/flows$/);
  await expect(heading(page, /^Flows$/)).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/knowledge$/);
  await expect(heading(page, /^Knowledge base$/)).toBeVisible();
  await page.goForward();
  await expect(page).toHaveURL(/\/flows$/);
  await expect(heading(page, /^Flows$/)).toBeVisible();
  await page.goForward();
  await page.goForward();
  await expect(page).toHaveURL(/\/admin\/users$/);

  await page.reload();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('link', { name: 'Users and invites' })).toHaveAttribute('aria-current', 'page');
  await expect(heading(page, /^Administration$/)).toBeVisible();
});

test('/ opens the inbox; an unknown address is a not-found page inside the shell', async ({ page }) => {
  const shell = new AppShellPage(page);
  const signIn = new SignInPage(page);
  await signIn.open(env.remoteUrl);
  await signIn.signIn(env.accounts.agent, E2E_PASSWORD);
  await expect(page).toHaveURL(/\/inbox$/);
  await shell.expectSignedInAs(/Agent/);

  await page.goto(`${env.remoteUrl}/no/such/page`);
  await expect(page.getByText('This page does not exist.')).toBeVisible();
  await shell.expectSignedInAs(/Agent/);
  await shell.go(/Flows/);
  await expect(heading(page, /^Flows$/)).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/no\/such\/page$/);
  await expect(page.getByText('This page does not exist.')).toBeVisible();
});

test('a screen above the role sends the person to their inbox, saying why, and the navigation does not offer it', async ({ page }) => {
  const shell = new AppShellPage(page);
  const signIn = new SignInPage(page);
  await page.goto(`${env.remoteUrl}/spend`);
  await signIn.signIn(env.accounts.viewer, E2E_PASSWORD);
  await expect(new AdminPage(page).forbidden).toBeVisible();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(shell.navigation.getByRole('link', { name: /Inbox/ })).toHaveAttribute('aria-current', 'page');
  await expect(shell.navigation.getByRole('link', { name: /Spend/ })).toHaveCount(0);
  await expect(shell.navigation.getByRole('link', { name: /Test phone/ })).toHaveCount(0);
  await page.goto(`${env.remoteUrl}/admin/users`);
  await expect(new AdminPage(page).forbidden).toBeVisible();
  await expect(page).toHaveURL(/\/inbox$/);
  await shell.go(/Flows/);
  await expect(heading(page, /^Flows$/)).toBeVisible();
  await expect(new AdminPage(page).forbidden).toHaveCount(0);
});

test("a platform administrator lands on the platform screen and never on a client's screen they cannot load", async ({ page }) => {
  const shell = new AppShellPage(page);
  const signIn = new SignInPage(page);
  const failedCalls: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/trpc/') && response.status() >= 400) failedCalls.push(`${response.status()} ${response.url()}`);
  });
  await signIn.open(env.remoteUrl);
  await signIn.signIn(env.accounts.platform, E2E_PASSWORD);
  await expect(page).toHaveURL(/\/platform$/);
  await expect(heading(page, /^Platform$/)).toBeVisible();
  await shell.expectSignedInAs(env.accounts.platform);
  await expect(new AdminPage(page).forbidden).toHaveCount(0);
  // Only the screens that work without a client of one's own are offered.
  for (const name of [/Inbox/, /Flows/, /Test phone/, /Knowledge/, /Canned responses/]) {
    await expect(shell.navigation.getByRole('link', { name })).toHaveCount(0);
  }
  for (const name of [/Platform/, /Spend/, /^\W*Admin$/, /Settings/]) await expect(shell.navigation.getByRole('link', { name })).toBeVisible();

  // A client's own screens, typed or bookmarked, land on the platform screen with the reason.
  for (const path of ['/inbox', '/flows', '/knowledge', '/canned-responses', '/test-phone']) {
    await page.goto(`${env.remoteUrl}${path}`);
    await expect(page).toHaveURL(/\/platform$/);
    await expect(new AdminPage(page).forbidden).toBeVisible();
    await expect(heading(page, /^Platform$/)).toBeVisible();
  }
  await page.goto(env.remoteUrl);
  await expect(page).toHaveURL(/\/platform$/);
  await expect(new AdminPage(page).forbidden).toHaveCount(0);
  // The screens it may use still open.
  await shell.go(/Spend/);
  await expect(page).toHaveURL(/\/spend$/);
  await expect(page.getByRole('heading', { name: 'Spend of every client' })).toBeVisible();
  expect(failedCalls).toEqual([]);
});
