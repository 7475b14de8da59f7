// A custom attribute's value as stored: text, trimmed; numbers as decimals (a Brazilian comma is
// read as the decimal point); dates as YYYY-MM-DD (DD/MM/YYYY is read too); a list's value must be
// one of its options. Refusals say which attribute and why.
import type { ContactAttributeType } from '#shared/contacts/vocabulary.js';

export type AttributeDefinition = { key: string; label: string; type: ContactAttributeType; options: string[] | null };

export class AttributeValueError extends Error {
  override name = 'AttributeValueError';
}

export function normaliseAttributeValue(definition: AttributeDefinition, raw: string | number): string {
  const text = String(raw).trim();
  const refuse = (why: string) => new AttributeValueError(`${definition.label} (${definition.key}): ${why}`);
  if (text === '') throw refuse('the value is empty');
  switch (definition.type) {
    case 'text':
      if (text.length > 500) throw refuse('at most 500 characters');
      return text;
    case 'number': {
      const decimal = text.replace(/\s/g, '').replace(/^(-?\d+),(\d+)$/, '$1.$2');
      if (!/^-?\d{1,15}(\.\d{1,10})?$/.test(decimal)) throw refuse(`"${text}" is not a number`);
      return decimal.replace(/^(-?)0+(?=\d)/, '$1');
    }
    case 'date': {
      const br = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
      const iso = br ? `${br[3]}-${br[2]}-${br[1]}` : text;
      const parsed = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : null;
      if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso)
        throw refuse(`"${text}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
      return iso;
    }
    case 'list': {
      const option = (definition.options ?? []).find((candidate) => candidate.toLowerCase() === text.toLowerCase());
      if (!option) throw refuse(`"${text}" is not one of ${(definition.options ?? []).join(', ')}`);
      return option;
    }
  }
}
