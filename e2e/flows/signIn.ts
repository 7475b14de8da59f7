import type { Page } from '@playwright/test';
import { AppShellPage } from '../pages/AppShellPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { E2E_PASSWORD, e2eEnvironment } from '../support/env.js';

/** Signs the owner of the test client in (they may edit flows). */
export async function signInAsOwner(page: Page) {
  const env = e2eEnvironment();
  const signIn = new SignInPage(page);
  await signIn.open(env.remoteUrl);
  await signIn.signIn(env.accounts.owner, E2E_PASSWORD);
  await new AppShellPage(page).expectSignedInAs('Owner Silva');
}
