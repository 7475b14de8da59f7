import { expect, type Page } from '@playwright/test';

/** Administration (/admin/<tab>) and the platform screens (/platform/<tab>). */
export class AdminPage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string, tab: 'settings' | 'users' | 'templates' | 'opt-out' | 'api-keys' | 'webhooks' | 'audit' = 'settings') {
    await this.page.goto(`${baseUrl}/admin/${tab}`);
  }

  async openPlatform(baseUrl: string, tab: 'clients' | 'plans' | 'models' | 'pricing' | 'gateway') {
    await this.page.goto(`${baseUrl}/platform/${tab}`);
    await expect(this.page.getByRole('heading', { name: /^(Platform|Plataforma)$/ })).toBeVisible();
  }

  get forbidden() {
    return this.page.getByRole('alert').filter({ hasText: /Your role does not allow this screen|Seu papel não permite esta tela/ });
  }

  secretInput(label: RegExp) {
    return this.page.getByLabel(label);
  }

  secretStatus(field: string) {
    return this.page.getByTestId(`secret-status-${field}`);
  }

  async replaceSecrets() {
    await this.page.getByRole('button', { name: /^(Replace secrets|Substituir segredos)$/ }).click();
    await expect(this.page.getByRole('status').filter({ hasText: /^(Saved\.|Salvo\.)$/ })).toBeVisible();
  }

  async setModelPrices(gatewayIdentifier: string, input: string, output: string) {
    const row = this.page.locator(`tr[data-model="${gatewayIdentifier}"]`);
    await row.getByLabel(/^(Input USD \/ 1M|Entrada USD \/ 1M)/).fill(input);
    await row.getByLabel(/^(Output USD \/ 1M|Saída USD \/ 1M)/).fill(output);
    await row.getByRole('button', { name: /^(Save prices|Salvar preços)$/ }).click();
  }

  template(name: string, language = 'pt_BR') {
    return this.page.locator(`tr[data-template="${name}:${language}"]`);
  }

  get auditRows() {
    return this.page.getByTestId('audit-log').locator('tbody tr');
  }
}
