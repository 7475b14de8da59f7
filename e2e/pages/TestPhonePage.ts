import { expect, type Locator, type Page } from '@playwright/test';

/** The test phone (renderer/src/features/testPhone): test customers on the left, the phone on the right. */
export class TestPhonePage {
  constructor(private readonly page: Page) {}

  customer(name: string): Locator {
    return this.page.getByTestId('test-customer').filter({ hasText: name });
  }

  async createCustomer(name: string, phone: string) {
    const form = this.page.getByRole('form', { name: /^(New test customer|Novo cliente de teste)$/ });
    await form.getByRole('textbox', { name: /^(Name|Nome)$/ }).fill(name);
    await form.getByRole('textbox', { name: /^(WhatsApp number|Número de WhatsApp)$/ }).fill(phone);
    await form.getByRole('button', { name: /^(Create|Criar)$/ }).click();
    await expect(this.phone).toBeVisible();
    await expect(this.page.getByRole('region', { name: new RegExp(`^(Phone of|Celular de) ${name}$`) })).toBeVisible();
  }

  get phone(): Locator {
    return this.page.getByTestId('phone');
  }

  get composer(): Locator {
    return this.phone.getByRole('textbox', { name: /^(Message|Mensagem)$/ });
  }

  async write(text: string) {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  /** A bubble by its text; `from` picks the side (the customer's on the right, the business's on the left). */
  message(text: string, from?: 'customer' | 'business'): Locator {
    const all = this.phone.getByTestId('phone-message').filter({ hasText: text });
    return from ? all.and(this.page.locator(`[data-from="${from}"]`)) : all;
  }

  replyButton(title: string): Locator {
    return this.phone.getByRole('button', { name: new RegExp(`^(Answer|Responder) "${title}"$`) });
  }

  ticksOf(text: string): Locator {
    return this.message(text, 'business').getByTestId('phone-ticks');
  }

  get error(): Locator {
    return this.phone.getByTestId('phone-error');
  }
}
