import { expect, type Page } from '@playwright/test';

/** The signed-in layout: side navigation and the top bar. */
export class AppShellPage {
  constructor(private readonly page: Page) {}

  get navigation() {
    return this.page.getByRole('navigation');
  }

  async expectSignedInAs(text: string | RegExp) {
    await expect(this.page.getByTestId('signed-in-as')).toContainText(text);
  }

  async go(item: RegExp) {
    await this.navigation.getByRole('link', { name: item }).click();
  }

  async signOut() {
    await this.page.getByRole('button', { name: /^(Sign out|Sair)$/ }).click();
  }
}
