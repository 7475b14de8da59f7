// The set-up form's checks, the same as the server's (shared/auth/passwordRules.ts for the
// password), so each field's error shows in the person's language before anything is sent.
import { brokenPasswordRules } from '#shared/auth/passwordRules.js';
import type { MessageKey } from '#renderer/i18n/catalog';

export type SetupFields = { businessName: string; fullName: string; email: string; password: string; setupToken: string };
export type FieldErrors = Partial<Record<keyof SetupFields, MessageKey>>;

// The shape the server's e-mail check accepts, roughly: something@something.tld, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function checkSetupFields(fields: SetupFields, tokenRequired: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const business = fields.businessName.trim();
  if (business.length < 2 || business.length > 200) errors.businessName = 'setup.error.businessName';
  const name = fields.fullName.trim();
  if (!name || name.length > 200) errors.fullName = 'setup.error.fullName';
  if (!EMAIL.test(fields.email.trim()) || fields.email.trim().length > 320) errors.email = 'setup.error.email';
  if (brokenPasswordRules(fields.password, fields.email).length) errors.password = 'setup.error.password';
  if (tokenRequired && !fields.setupToken.trim()) errors.setupToken = 'setup.error.token';
  return errors;
}
