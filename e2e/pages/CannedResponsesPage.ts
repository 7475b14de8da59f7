import { expect, type Locator, type Page } from '@playwright/test';

/** The canned responses screen: the "new" form, the list with search, edit and delete. */
export class CannedResponsesPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page
      .getByRole('navigation')
      .getByRole('link', { name: /^(Canned responses|Respostas rápidas)$/ })
      .click();
    await expect(this.page.getByRole('heading', { level: 1, name: /^(Canned responses|Respostas rápidas)$/ })).toBeVisible();
  }

  get newForm(): Locator {
    return this.page.getByTestId('canned-new');
  }

  get editForm(): Locator {
    return this.page.getByTestId('canned-edit');
  }

  async fill(form: Locator, values: { shortcut?: string; content?: string }) {
    if (values.shortcut !== undefined) await form.getByLabel(/^(Shortcut|Atalho)$/).fill(values.shortcut);
    if (values.content !== undefined) await form.getByLabel(/^(Response|Resposta)$/).fill(values.content);
  }

  async add(shortcut: string, content: string) {
    await this.fill(this.newForm, { shortcut, content });
    await this.newForm.getByRole('button', { name: /^(Add|Adicionar)$/ }).click();
  }

  item(shortcut: string): Locator {
    return this.page.locator(`[data-testid="canned-response"][data-shortcut="${shortcut}"]`);
  }

  get items(): Locator {
    return this.page.getByTestId('canned-response');
  }

  get status(): Locator {
    return this.page.getByTestId('canned-status');
  }

  get search(): Locator {
    return this.page.getByRole('searchbox', { name: /^(Search canned responses|Buscar respostas rápidas)$/ });
  }

  async edit(shortcut: string, values: { shortcut?: string; content?: string }) {
    await this.item(shortcut)
      .getByRole('button', { name: /^(Edit|Editar) \// })
      .click();
    await this.fill(this.editForm, values);
    await this.editForm.getByRole('button', { name: /^(Save|Salvar)$/ }).click();
  }

  async delete(shortcut: string) {
    await this.item(shortcut)
      .getByRole('button', { name: /^(Delete|Excluir) \// })
      .click();
    await this.item(shortcut)
      .getByRole('button', { name: /^(Yes, delete|Sim, excluir)$/ })
      .click();
  }
}
