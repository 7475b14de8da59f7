import { expect, type Page } from '@playwright/test';

/** The WhatsApp connection wizard (/admin/whatsapp). */
export class WhatsappWizardPage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/admin/whatsapp`);
    await expect(this.page.getByRole('heading', { name: /^(Connect your WhatsApp number|Conecte seu número de WhatsApp)$/ })).toBeVisible();
  }

  step(name: RegExp) {
    return this.page.getByRole('navigation', { name: /^(Steps|Etapas)$/ }).getByRole('button', { name });
  }

  field(label: RegExp) {
    return this.page.getByLabel(label);
  }

  button(name: RegExp) {
    return this.page.getByRole('button', { name });
  }

  get status() {
    return this.page.getByTestId('connection-status');
  }

  get problem() {
    return this.page.getByTestId('connection-problem');
  }

  get verified() {
    return this.page.getByTestId('verify-ok');
  }
}
