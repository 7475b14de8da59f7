import { expect, type Page } from '@playwright/test';

/** Teams (/admin/teams), numbers (/admin/numbers), the agent's availability switch and the reports (/reports). */
export class TeamsPage {
  constructor(private readonly page: Page) {}

  async openTeams(baseUrl: string) {
    await this.page.goto(`${baseUrl}/admin/teams`);
    await expect(this.page.getByRole('heading', { name: /^(Teams|Equipes)$/ })).toBeVisible();
  }

  get newTeamForm() {
    return this.page.getByTestId('team-new');
  }

  team(name: string) {
    return this.page.getByTestId(`team-${name}`);
  }

  agentRow(email: string) {
    return this.page.getByTestId(`agent-${email}`);
  }

  async addTeam(name: string, members: string[]) {
    const form = this.newTeamForm;
    await form.getByLabel(/^(Team name|Nome da equipe)$/).fill(name);
    for (const member of members) await form.getByRole('checkbox', { name: member }).check();
    await form.getByRole('button', { name: /^(Add team|Adicionar equipe)$/ }).click();
    await expect(form.getByRole('status')).toHaveText(new RegExp(`(Team|Equipe) ${name} (added|adicionada)\\.`));
  }

  async openNumbers(baseUrl: string) {
    await this.page.goto(`${baseUrl}/admin/numbers`);
    await expect(this.page.getByRole('heading', { name: /^(WhatsApp numbers|Números de WhatsApp)$/ })).toBeVisible();
  }

  /** Adds a further sandbox number named `name` (unique per test: the e2e server is shared). */
  async addSandboxNumber(name: string) {
    const form = this.page.getByTestId('number-new');
    await form.getByRole('radio', { name: /^(Sandbox number|Número sandbox)$/ }).check();
    await form.getByLabel(/^(Name|Nome)$/).fill(name);
    await form.getByRole('button', { name: /^(Add number|Adicionar número)$/ }).click();
    await expect(form.getByRole('status')).toHaveText(new RegExp(`(Number|Número) ${name} (added|adicionado)\\.`));
  }

  /** The business-hours form of the number named `name`, opened. */
  async numberHours(name: string) {
    const row = this.page.getByRole('form', { name, exact: true }).locator('..');
    await row.locator('details > summary').click();
    return row.getByRole('form', { name: /^(Business hours of this number|Horário de atendimento deste número)$/ });
  }

  get availability() {
    return this.page.getByRole('combobox', { name: /^(Availability|Disponibilidade)$/ });
  }

  async openReports(baseUrl: string) {
    await this.page.goto(`${baseUrl}/reports`);
    await expect(this.page.getByRole('heading', { level: 1, name: /^(Reports|Relatórios)$/ })).toBeVisible();
  }

  /** Only one team's figures (the e2e server is shared: other specs resolve conversations too). */
  async reportForTeam(name: string) {
    await this.page.getByRole('combobox', { name: /^(Team|Equipe)$/ }).selectOption({ label: name });
  }

  tile(testId: 'report-opened' | 'report-resolved') {
    return this.page.getByTestId(testId);
  }
}
