// A template's body variables ({{1}}, {{2}}, …) and what fills them for one contact: a mapping per
// variable to `name`, `phone`, `attr:<key>` or `text:<fixed text>`.
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';

export const variableSource = safeText()
  .trim()
  .max(200)
  .regex(/^(name|phone|attr:[a-z][a-z0-9_]{0,39}|text:.+)$/s, 'a variable is filled from name, phone, attr:<key> or text:<fixed text>');

export type ContactFields = { name: string | null; phone: string; attributes: Record<string, string> };

/** The BODY component's text, from a template's components as Meta lists them. */
export function bodyText(components: unknown[]): string {
  for (const component of components) {
    if (component && typeof component === 'object' && String((component as { type?: unknown }).type).toUpperCase() === 'BODY') {
      const text = (component as { text?: unknown }).text;
      return typeof text === 'string' ? text : '';
    }
  }
  return '';
}

export function variableCount(components: unknown[]): number {
  let max = 0;
  for (const match of bodyText(components).matchAll(/\{\{\s*(\d+)\s*\}\}/g)) max = Math.max(max, Number(match[1]));
  return max;
}

/** The values for one contact, or the reason one is missing (the recipient is then skipped). */
export function fillVariables(sources: string[], contact: ContactFields): { values: string[] } | { missing: string } {
  const values: string[] = [];
  for (const [index, source] of sources.entries()) {
    const value =
      source === 'name'
        ? contact.name
        : source === 'phone'
          ? contact.phone
          : source.startsWith('attr:')
            ? (contact.attributes[source.slice(5)] ?? null)
            : source.slice(5);
    if (value === null || value.trim() === '') return { missing: `no value for {{${index + 1}}} (${source})` };
    values.push(value.trim().slice(0, 1000));
  }
  return { values };
}

export function renderBody(components: unknown[], values: string[]): string {
  return bodyText(components).replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => values[Number(n) - 1] ?? whole);
}

export function sendComponents(values: string[]): unknown[] {
  return values.length ? [{ type: 'body', parameters: values.map((text) => ({ type: 'text', text })) }] : [];
}

export const audienceInput = z.object({
  labelIds: z.array(z.string().uuid()).max(20).optional(),
  attribute: z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), value: safeText().trim().max(500) }).optional(),
  /** Only contacts whose consent is recorded; opted-out contacts are excluded either way. */
  optedInOnly: z.boolean().default(true),
});
export type Audience = z.infer<typeof audienceInput>;
