import { expect, test } from '@playwright/test';
import { AppShellPage } from './pages/AppShellPage.js';
import { InvitePage } from './pages/InvitePage.js';
import { E2E_PASSWORD, e2eEnvironment } from './support/env.js';
import { expectCookieSession } from './support/expectCookieSession.js';
import { saveScreenshot } from './support/screenshots.js';
import { signInOverApi, trpcMutation } from './support/trpcHttp.js';

const env = e2eEnvironment();

test('an invited person sets a password from the link and is signed in with the invited role', async ({ page, browser }) => {
  const ownerToken = await signInOverApi(env.remoteUrl, env.accounts.owner, E2E_PASSWORD);
  const email = `new-agent-${Date.now()}@padaria.test`;
  const invite = await trpcMutation<{ token: string }>(env.remoteUrl, 'invites.create', { email, role: 'agent' }, ownerToken);
  const link = `${env.remoteUrl}/invite#${encodeURIComponent(invite.token)}`;

  const invitePage = new InvitePage(page);
  await invitePage.open(link);
  await expect(page.getByRole('heading', { name: 'Join Padaria Central' })).toBeVisible();
  await expect(page.getByText(`You were invited as Agent with the email ${email}`)).toBeVisible();
  await saveScreenshot(page, 'invite');

  await invitePage.accept({ name: 'Joana Souza', password: 'a new password 1', confirm: 'something else' });
  await expect(page.getByText('The two passwords are different')).toBeVisible();
  await invitePage.accept({ name: 'Joana Souza', password: 'short' });
  await expect(page.getByRole('alert')).toContainText('the password needs at least 8 characters');

  await invitePage.accept({ name: 'Joana Souza', password: 'a new password 1' });
  await new AppShellPage(page).expectSignedInAs('Joana Souza · Agent');
  await expect(page).toHaveURL(/\/inbox$/);
  await expectCookieSession(page, env.remoteUrl);

  // The link works once.
  const other = await browser.newPage();
  await new InvitePage(other).open(link);
  await expect(other.getByRole('alert')).toContainText('This invite link cannot be used');
  await other.close();
});

test('a broken invite link says so', async ({ page }) => {
  await page.goto(`${env.remoteUrl}/invite`);
  await expect(page.getByRole('alert')).toContainText('This invite link is incomplete');
  await page.goto(`${env.remoteUrl}/invite#uzzinv_not-a-real-token`);
  await expect(page.getByRole('alert')).toContainText('This invite link cannot be used');
});
