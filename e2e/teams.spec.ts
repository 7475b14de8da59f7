// Teams and automatic assignment, in Chromium: an admin makes a team with the agent in it, the
// agent switches to online, a customer's conversation sent to the team goes to the agent at once
// (round robin among online members), the agent resolves it, and the reports count it.
import { AppShellPage } from './pages/AppShellPage.js';
import { InboxPage } from './pages/InboxPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { TeamsPage } from './pages/TeamsPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';

test('a conversation sent to a team goes to its online member, who resolves it, and the report counts it', async ({ page, browser, whatsapp }) => {
  test.setTimeout(120_000); // two browsers signing in, on a shared two-core machine
  // The admin makes the team "Suporte" with the agent in it.
  await new SignInPage(page).open(whatsapp.url);
  await new SignInPage(page).signIn(whatsapp.accounts.owner, E2E_PASSWORD);
  await new AppShellPage(page).expectSignedInAs('Owner Lima');
  const teams = new TeamsPage(page);
  await teams.openTeams(whatsapp.url);
  await teams.addTeam('Suporte', ['Agent Lima']);
  await expect(teams.team('Suporte')).toBeVisible();
  await expect(teams.agentRow(whatsapp.accounts.agent)).toContainText('Offline');

  const agentContext = await browser.newContext();
  try {
    // The agent switches to online in their own browser.
    const agentPage = await agentContext.newPage();
    await new SignInPage(agentPage).open(whatsapp.url);
    await new SignInPage(agentPage).signIn(whatsapp.accounts.agent, E2E_PASSWORD);
    await new AppShellPage(agentPage).expectSignedInAs('Agent Lima');
    const agentTeams = new TeamsPage(agentPage);
    await agentTeams.availability.selectOption('online');
    await expect(agentPage.getByTestId('availability')).toHaveAttribute('data-availability', 'online');

    // A customer writes; the admin sends the chat to the team: the agent gets it at once.
    await whatsapp.customerWrites('5511987657001', 'Paula Nunes', 'Preciso trocar um produto');
    const inbox = new InboxPage(page);
    await page.goto(`${whatsapp.url}/inbox`);
    await inbox.open('Paula Nunes');
    await inbox.sendToTeamMenu.selectOption({ label: 'Suporte' });
    await expect(inbox.threadStatus).toHaveText('With a person');
    await expect(inbox.assignMenu).toHaveValue(/.+/);
    await expect(inbox.assignMenu.locator('option:checked')).toHaveText('Agent Lima');

    // The agent finds it among theirs, answers and resolves it.
    const agentInbox = new InboxPage(agentPage);
    await agentInbox.scope('Mine').click();
    await agentInbox.open('Paula Nunes');
    await agentInbox.reply('Olá Paula, vamos resolver.');
    await expect(agentInbox.message('Olá Paula, vamos resolver.')).toBeVisible();
    await agentInbox.lifecycleAction(/^Resolve$/).click();
    await expect(agentInbox.threadStatus).toHaveText('Resolved');
  } finally {
    await agentContext.close();
  }

  // The report counts the conversation opened and resolved this week.
  await teams.openReports(whatsapp.url);
  await teams.reportForTeam('Suporte');
  await expect(teams.tile('report-opened')).toContainText(/[1-9]/);
  await expect(teams.tile('report-resolved')).toHaveText(/^\D*1$/);
  await expect(page.getByTestId('report-agents')).toContainText('Agent Lima');
});
