// The renderer as the desktop shell loads it: the page is the local server's, the preload API is
// present (emulated here with the same shape, since Electron's binary cannot run on this machine),
// and the shell adds the launch token to every request (emulated with extra HTTP headers).
import { expect, test, type Page } from '@playwright/test';
import { AppShellPage } from './pages/AppShellPage.js';
import { e2eEnvironment } from './support/env.js';
import { expectCookieSession } from './support/expectCookieSession.js';
import { saveScreenshot } from './support/screenshots.js';

const env = e2eEnvironment();

async function openAsDesktop(page: Page) {
  await page.setExtraHTTPHeaders({ 'x-uzz-launch-token': env.launchToken });
  await page.addInitScript(
    ({ url, launchToken }) => {
      const calls: unknown[][] = [];
      (window as unknown as { desktopCalls: unknown[][] }).desktopCalls = calls;
      window.uzzDesktop = {
        appVersion: '0.1.0-e2e',
        platform: 'linux',
        server: async () => ({ mode: 'local', url, launchToken }),
        openServer: async (target) => void calls.push(['openServer', target]),
        notify: async (notification) => void calls.push(['notify', notification]),
        setBadge: async (count) => void calls.push(['setBadge', count]),
        openExternal: async (target) => void calls.push(['openExternal', target]),
        onNotificationClick: () => () => {},
      };
    },
    { url: env.localUrl, launchToken: env.launchToken },
  );
  await page.goto(env.localUrl);
}

test('the local server signs its owner in without a password', async ({ page }) => {
  await openAsDesktop(page);
  const shell = new AppShellPage(page);
  await shell.expectSignedInAs('Local owner · Owner');
  // The desktop app loads the renderer from the local server's own origin: the cookie works there too.
  await expectCookieSession(page, env.localUrl);
  await shell.go(/Settings/);
  await expect(page.getByText('Local mode: data on this computer')).toBeVisible();
  await expect(page.getByText('Version 0.1.0-e2e')).toBeVisible();

  // After a deliberate sign-out it waits for a click instead of signing straight back in.
  await shell.signOut();
  const open = page.getByRole('button', { name: 'Open on this computer' });
  await expect(open).toBeVisible();
  await saveScreenshot(page, 'desktop-start');
  await open.click();
  await shell.expectSignedInAs('Local owner');
});

test('remembers remote server profiles and asks the shell to open one', async ({ page }) => {
  await openAsDesktop(page);
  await new AppShellPage(page).signOut();
  const address = page.getByLabel('Server address');
  await address.fill('ftp://nope');
  await page.getByRole('button', { name: 'Add server' }).click();
  await expect(page.getByText('Enter an address that starts with http:// or https://')).toBeVisible();
  await page.getByLabel('Name').fill('Matriz');
  await address.fill('chat.padaria.example/some/page');
  await page.getByRole('button', { name: 'Add server' }).click();
  await page.reload();
  const connect = page.getByRole('button', { name: /Connect to Matriz/ });
  await expect(connect).toContainText('https://chat.padaria.example');
  await connect.click();
  expect(await page.evaluate(() => (window as unknown as { desktopCalls: unknown[][] }).desktopCalls)).toContainEqual([
    'openServer',
    'https://chat.padaria.example',
  ]);
  await page.getByRole('button', { name: 'Remove Matriz' }).click();
  await expect(page.getByText('No remote server yet.')).toBeVisible();
});

test('without the launch token the local server answers nothing', async ({ page }) => {
  const response = await page.goto(env.localUrl);
  expect(response?.status()).toBe(401);
});
