import { expect, test } from '@playwright/test';
import { AppShellPage } from './pages/AppShellPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD, e2eEnvironment } from './support/env.js';
import { expectCookieSession, expectNoCookieSession } from './support/expectCookieSession.js';
import { saveScreenshot } from './support/screenshots.js';

const env = e2eEnvironment();

test('signs in with email and password, keeps the session across a reload, and signs out', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.open(env.remoteUrl);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await saveScreenshot(page, 'sign-in');

  await signIn.signIn(env.accounts.agent, 'not the password');
  await signIn.expectError('wrong email or password');

  await signIn.signIn(env.accounts.agent, E2E_PASSWORD);
  const shell = new AppShellPage(page);
  await shell.expectSignedInAs('Agent Silva · Agent');
  await expect(page).toHaveURL(/\/inbox$/);

  // The session lives only in an HttpOnly, SameSite=Strict cookie: no script on the page can read it.
  await expectCookieSession(page, env.remoteUrl);

  await page.reload();
  await shell.expectSignedInAs('Agent Silva');

  await shell.signOut();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectNoCookieSession(page, env.remoteUrl);
  await page.reload();
  await expect(signIn.email).toBeVisible();
});

test('a revoked session sends the person back to sign-in instead of failing', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.open(env.remoteUrl);
  // The page believes it is signed in, but its cookie names no live session.
  const { hostname, port } = new URL(env.remoteUrl);
  await page
    .context()
    .addCookies([{ name: `uzz_session_${port}`, value: 'a-session-that-does-not-exist', domain: hostname, path: '/', httpOnly: true, sameSite: 'Strict' }]);
  await page.evaluate(() => localStorage.setItem('uzz.signedIn', '1'));
  await page.reload();
  await expect(signIn.email).toBeVisible();
});

test('a token an older version kept in localStorage is removed on load and never used', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.open(env.remoteUrl);
  await page.evaluate(() => localStorage.setItem('uzz.session', 'an-old-bearer-token'));
  await page.reload();
  await expect(signIn.email).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('uzz.session'))).toBeNull();
});

test('is usable with the keyboard alone', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.open(env.remoteUrl);
  await expect(signIn.email).toBeFocused();
  await page.keyboard.type(env.accounts.owner);
  await page.keyboard.press('Tab');
  await page.keyboard.type(E2E_PASSWORD);
  await page.keyboard.press('Enter');
  await new AppShellPage(page).expectSignedInAs('Owner Silva');
  // Skip link first, then the navigation.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
});
