import { expect, type Page } from '@playwright/test';

/** The spend dashboard (/spend): tiles carry the exact figure in data-value. */
export class SpendPage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string, clientId?: string) {
    await this.page.goto(`${baseUrl}/spend${clientId ? `/${clientId}` : ''}`);
    await expect(this.page.getByRole('heading', { name: /^(AI spend|Gastos com IA)$/ })).toBeVisible();
  }

  tile(name: 'cost-brl' | 'cost-usd' | 'calls' | 'tokens' | 'cached' | 'fallbacks' | 'errors') {
    return this.page.getByTestId(`tile-${name}`);
  }

  async exactValue(name: Parameters<SpendPage['tile']>[0]) {
    return this.tile(name).getAttribute('data-value');
  }

  async choosePreset(label: RegExp) {
    await this.page.getByRole('button', { name: label }).click();
  }

  get budgetCard() {
    return this.page.getByTestId('budget-card');
  }

  get budgetAlert() {
    return this.page.getByTestId('budget-alert');
  }

  get pausedBanner() {
    return this.page.getByTestId('budget-paused');
  }

  async liftPause() {
    await this.pausedBanner.getByRole('button', { name: /^(Lift the pause|Retirar a pausa)$/ }).click();
  }

  get topConversations() {
    return this.page.getByTestId('top-conversations');
  }
}
