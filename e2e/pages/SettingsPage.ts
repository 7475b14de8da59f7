import { expect, type Page } from '@playwright/test';

export class SettingsPage {
  constructor(private readonly page: Page) {}

  async expectOpen() {
    await expect(this.page.getByRole('heading', { level: 1, name: /^(Settings|Configurações)$/ })).toBeVisible();
  }

  async chooseLanguage(label: 'English' | 'Português (Brasil)') {
    await this.page
      .getByRole('main')
      .getByLabel(/^(Language|Idioma)$/)
      .selectOption({ label });
  }
}
