// Field-level errors in the reader's language from the shared zod schemas' issues: the schema
// decides what is wrong (the same one the server enforces), this file only says it, per issue kind.
import type { z } from 'zod';
import type { MessageKey } from '#renderer/i18n/catalog';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
export type FieldErrors = Record<string, string>;

/** Errors keyed by the top-level field each issue is about (the first issue of a field wins). */
export function fieldErrors(error: z.ZodError, t: T): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!(field in errors)) errors[field] = issueText(issue, t);
  }
  return errors;
}

function issueText(issue: z.core.$ZodIssue, t: T): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return t('settingsForms.error.integer');
      return issue.expected === 'number' ? t('settingsForms.error.number') : t('settingsForms.error.required');
    case 'too_small':
      if (issue.origin === 'string') return t('settingsForms.error.required');
      return t('settingsForms.error.tooSmall', { min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return t('settingsForms.error.tooLong', { max: Number(issue.maximum) });
      if (issue.origin === 'array') return t('settingsForms.error.tooMany', { max: Number(issue.maximum) });
      return t('settingsForms.error.tooBig', { max: Number(issue.maximum) });
    case 'invalid_format':
      if (issue.format === 'email') return t('settingsForms.error.email');
      if (issue.format === 'url') return t('settingsForms.error.url');
      if (issue.path.includes('name')) return t('settingsForms.error.factName');
      return t('settingsForms.error.format');
    case 'custom':
      return issue.message.includes('twice') || issue.message.includes('same name') ? t('settingsForms.error.duplicate') : t('settingsForms.error.format');
    default:
      return t('settingsForms.error.format');
  }
}

/** A number field's text as the schema expects it: empty is null (the default), anything else a number (NaN fails validation). */
export const numberOrNull = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim().replace(',', '.')));
/** One item per line, blank lines dropped. */
export const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
