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

  tab(status: 'all' | 'bot' | 'humano' | 'transferido' | 'fluxo_inicial' | 'resolved' | 'snoozed') {
    return this.page.getByTestId(`tab-${status}`);
  }

  scope(name: 'Everyone' | 'Mine' | 'Unassigned') {
    return this.page.getByRole('group', { name: 'Whose' }).getByRole('button', { name });
  }

  get assignMenu() {
    // The first of the actions' menus ("send to team" follows it when the client has teams).
    return this.page
      .getByRole('group', { name: /Conversation actions|Ações da conversa/ })
      .getByRole('combobox')
      .first();
  }

  get sendToTeamMenu() {
    return this.page.getByRole('group', { name: /Conversation actions|Ações da conversa/ }).getByRole('combobox', { name: /Send to team|Enviar para equipe/ });
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

  /** Resolve, snooze, reopen and priority (thread/LifecycleActions.tsx). */
  get lifecycle() {
    return this.page.getByRole('group', { name: /^(Status and priority|Status e prioridade)$/ });
  }

  lifecycleAction(name: RegExp) {
    return this.lifecycle.getByRole('button', { name });
  }

  get priorityMenu() {
    return this.lifecycle.getByRole('combobox', { name: /^(Priority|Prioridade)$/ });
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

  // Attachments (composer/AttachmentButton.tsx, AttachmentPreview.tsx).
  async attach(file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.getByTestId('attachment-input').setInputFiles(file);
  }

  get attachmentPreview() {
    return this.page.getByTestId('attachment-preview');
  }

  /** Drops a file on the open conversation, as dragging it from the desktop does. */
  async dropFile(file: { name: string; mimeType: string; buffer: Buffer }) {
    const transfer = await this.page.evaluateHandle(
      ({ name, mimeType, bytes }) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], name, { type: mimeType }));
        return data;
      },
      { name: file.name, mimeType: file.mimeType, bytes: [...file.buffer] },
    );
    const thread = this.page.getByTestId('thread');
    await thread.dispatchEvent('dragenter', { dataTransfer: transfer });
    await thread.dispatchEvent('dragover', { dataTransfer: transfer });
    await thread.dispatchEvent('drop', { dataTransfer: transfer });
  }

  async sendAttachment(caption?: string) {
    if (caption !== undefined) await this.attachmentPreview.getByRole('textbox', { name: /^(Caption|Legenda)/ }).fill(caption);
    await this.attachmentPreview.getByRole('button', { name: /^(Send file|Enviar arquivo)$/ }).click();
  }
}
