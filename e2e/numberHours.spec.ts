// A number's own business hours, in Chromium: an admin adds a number, opens its business hours
// (it follows the client's until it has its own), opens it on Saturday mornings and saves; after a
// reload the number keeps them; "Use the client's hours" drops them again.
import { AppShellPage } from './pages/AppShellPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { TeamsPage } from './pages/TeamsPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';

test("a number gets business hours of its own, kept after a reload, and can follow the client's again", async ({ page, whatsapp }) => {
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.owner, E2E_PASSWORD);
  await new AppShellPage(page).expectSignedInAs('Owner Lima');
  const teams = new TeamsPage(page);
  await teams.openNumbers(whatsapp.url);
  // A number of this test's own (the e2e server is shared between specs).
  const name = `Plantão ${Date.now().toString(36)}`;
  await teams.addSandboxNumber(name);

  let hours = await teams.numberHours(name);
  await expect(hours.getByTestId('business-hours-source')).toHaveText(/follows the client's business hours/);
  await hours.getByRole('checkbox', { name: 'Use business hours' }).check();
  await hours.getByLabel('Timezone').fill('America/Manaus');
  const saturday = hours.getByRole('group', { name: 'Saturday' });
  await saturday.getByRole('checkbox', { name: 'Closed' }).uncheck();
  await saturday.getByLabel('Opens').fill('08:00');
  await saturday.getByLabel('Closes').fill('12:00');
  await expect(hours.getByRole('radio', { name: /^Only the away message/ })).toBeChecked();
  await hours.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(hours.getByRole('status')).toHaveText('Business hours saved.');
  await expect(hours.getByTestId('business-hours-source')).toHaveText(/has business hours of its own/);

  // Kept: after a reload the number's form shows its own hours.
  await page.reload();
  hours = await teams.numberHours(name);
  await expect(hours.getByTestId('business-hours-source')).toHaveText(/has business hours of its own/);
  await expect(hours.getByLabel('Timezone')).toHaveValue('America/Manaus');
  const saved = hours.getByRole('group', { name: 'Saturday' });
  await expect(saved.getByRole('checkbox', { name: 'Closed' })).not.toBeChecked();
  await expect(saved.getByLabel('Opens')).toHaveValue('08:00');
  await expect(saved.getByLabel('Closes')).toHaveValue('12:00');

  // Back to the client's hours.
  await hours.getByRole('button', { name: "Use the client's hours" }).click();
  await expect(hours.getByRole('status')).toHaveText("This number follows the client's hours again.");
  await expect(hours.getByTestId('business-hours-source')).toHaveText(/follows the client's business hours/);
});
