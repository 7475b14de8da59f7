import type { Page } from '@playwright/test';

export class InvitePage {
  constructor(private readonly page: Page) {}

  async open(link: string) {
    await this.page.goto(link);
  }

  async accept(input: { name: string; password: string; confirm?: string }) {
    await this.page.getByLabel(/^(Your name|Seu nome)$/).fill(input.name);
    await this.page.getByLabel(/^(New password|Nova senha)$/).fill(input.password);
    await this.page.getByLabel(/^(Repeat the password|Repita a senha)$/).fill(input.confirm ?? input.password);
    await this.page.getByRole('button', { name: /^(Set password and sign in|Definir senha e entrar)$/ }).click();
  }
}
