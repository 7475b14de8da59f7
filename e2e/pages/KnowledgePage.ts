import { expect, type Page } from '@playwright/test';

/** The knowledge base screen: upload, jobs, sources, try a question. */
export class KnowledgePage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page
      .getByRole('navigation')
      .getByRole('link', { name: /^(Knowledge|Conhecimento)$/ })
      .click();
    await expect(this.page.getByRole('heading', { name: 'Knowledge base' })).toBeVisible();
  }

  async upload(name: string, content: string | Buffer, mimeType = 'text/markdown') {
    await this.page.getByTestId('knowledge-file').setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
  }

  job(text: string | RegExp) {
    return this.page.locator('.knowledge-job', { hasText: text });
  }

  sourceRow(fileName: string) {
    return this.page.getByRole('row', { name: new RegExp(fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  }

  async ask(question: string) {
    await this.page.getByRole('textbox', { name: 'Question', exact: true }).fill(question);
    await this.page.getByRole('button', { name: 'Search' }).click();
    return this.page.getByTestId('knowledge-try-results');
  }
}
