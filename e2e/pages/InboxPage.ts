import { expect, type Locator, type Page } from '@playwright/test';

/** The inbox: the conversation list, the open conversation, its actions and the composer. */
export class InboxPage {
  constructor(private readonly page: Page) {}

  conversation(name: string): Locator {
    return this.page.getByTestId('conversation-item').filter({ hasText: name });
  }

  async open(name: string) {
    await this.conversation(name).click();
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
  }

  tab(status: 'all' | 'bot' | 'humano' | 'transferido' | 'fluxo_inicial') {
    return this.page.getByTestId(`tab-${status}`);
  }

  scope(name: 'Everyone' | 'Mine' | 'Unassigned') {
    return this.page.getByRole('group', { name: 'Whose' }).getByRole('button', { name });
  }

  get assignMenu() {
    return this.page.getByRole('group', { name: /Conversation actions|Ações da conversa/ }).getByRole('combobox');
  }

  get threadStatus() {
    return this.page.getByTestId('thread-status');
  }

  get history() {
    return this.page.getByTestId('history');
  }

  message(text: string): Locator {
    return this.page.getByTestId('message').filter({ hasText: text });
  }

  action(name: RegExp) {
    return this.page.getByRole('group', { name: /Conversation actions|Ações da conversa/ }).getByRole('button', { name });
  }

  get composer() {
    return this.page.getByRole('textbox', { name: /^(Reply|Resposta)$/ });
  }

  async reply(text: string) {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  get windowBanner() {
    return this.page.getByTestId('window-banner');
  }
}
