import { expect, type Page } from '@playwright/test';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(baseUrl);
  }

  get email() {
    return this.page.getByLabel(/^(Email|E-mail)$/);
  }

  get password() {
    return this.page.getByLabel(/^(Password|Senha)$/);
  }

  async signIn(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.page.getByRole('button', { name: /^(Sign in|Entrar)$/ }).click();
  }

  async expectError(text: string | RegExp) {
    await expect(this.page.getByRole('alert')).toContainText(text);
  }

  async chooseLanguage(label: 'English' | 'Português (Brasil)') {
    await this.page.getByLabel(/^(Language|Idioma)$/).selectOption({ label });
  }
}
