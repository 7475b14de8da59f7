import type { TextValidation } from './blocks.js';
import { testPattern } from './safeRegExp.js';

export type AnswerCheck = { ok: true; value: string | number } | { ok: false };

/** Checks a typed answer against a question's validation and gives the value to store. */
export function validateTextAnswer(text: string, validation: TextValidation, pattern?: string): AnswerCheck {
  const answer = text.trim();
  if (answer === '') return { ok: false };
  switch (validation) {
    case 'text':
      return { ok: true, value: answer };
    case 'number': {
      // Brazilian customers type "1.234,56" as often as "1234.56".
      const compact = answer.replace(/\s/g, '');
      const normalized = /^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(compact) ? compact.replace(/\./g, '').replace(',', '.') : compact.replace(',', '.');
      return /^-?\d+(\.\d+)?$/.test(normalized) ? { ok: true, value: Number(normalized) } : { ok: false };
    }
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(answer) ? { ok: true, value: answer.toLowerCase() } : { ok: false };
    case 'phone': {
      if (!/^\+?[\d\s().-]+$/.test(answer)) return { ok: false };
      const digits = answer.replace(/\D/g, '');
      return digits.length >= 8 && digits.length <= 15 ? { ok: true, value: answer.startsWith('+') ? `+${digits}` : digits } : { ok: false };
    }
    case 'date':
      return parseDate(answer);
    case 'pattern':
      return pattern !== undefined && testPattern(pattern, answer) ? { ok: true, value: answer } : { ok: false };
  }
}

/** dd/mm/yyyy (how customers write dates here) or yyyy-mm-dd, stored as yyyy-mm-dd. */
function parseDate(answer: string): AnswerCheck {
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(answer);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(answer);
  const [year, month, day] = local
    ? [Number(local[3]), Number(local[2]), Number(local[1])]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : [0, 0, 0];
  if (!year) return { ok: false };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return { ok: false };
  return { ok: true, value: date.toISOString().slice(0, 10) };
}
