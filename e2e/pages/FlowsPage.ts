import { expect, type Locator, type Page } from '@playwright/test';

/** The flows list: create, import, export, rename, duplicate, delete, activate. */
export class FlowsPage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/flows`);
    await expect(this.page.getByRole('heading', { level: 1, name: /^(Flows|Fluxos)$/ })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByTestId('flow-row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  async create(name: string) {
    await this.page.getByTestId('new-flow').click();
    await this.page.getByTestId('flow-name-input').fill(name);
    await this.page
      .getByTestId('name-dialog')
      .getByRole('button', { name: /^(Create|Criar)$/ })
      .click();
    await expect(this.page.getByTestId('flow-editor')).toBeVisible();
  }

  async openFlow(name: string) {
    await this.row(name).getByRole('link', { name, exact: true }).click();
    await expect(this.page.getByTestId('flow-editor')).toBeVisible();
  }

  async importFile(path: string) {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId('import-flow').click();
    await (await chooser).setFiles(path);
  }

  get notice() {
    return this.page.getByTestId('flows-notice');
  }

  async exportFlow(name: string) {
    const download = this.page.waitForEvent('download');
    await this.row(name).getByTestId('flow-export').click();
    return download;
  }
}
