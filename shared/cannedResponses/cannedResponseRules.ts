// Canned responses: the rules server and renderer share (what a shortcut may be, how long a reply
// may be, the live event's name) and the placeholders the composer fills from the open chat.
import { TEXT_BODY_MAX } from '../whatsapp/limits.js';

export const SHORTCUT_MAX = 40;
/** A WhatsApp text message's limit: a canned response must be sendable as it is. */
export const CANNED_CONTENT_MAX = TEXT_BODY_MAX;
/** Letters (any alphabet), digits, "-" and "_": what follows "/" in the composer, without spaces. */
export const SHORTCUT_PATTERN = /^[\p{L}\p{N}_-]{1,40}$/u;

/** Published (app.events) when a client's list changes, so every agent's composer reloads it. */
export const CANNED_RESPONSES_CHANGED = 'cannedResponses.changed';

/**
 * How a shortcut is stored and compared: without a leading "/" someone may type, trimmed, NFC,
 * lowercased. Shortcuts are case-insensitive, so "/Ola" and "/ola" are the same.
 */
export function normalizeShortcut(typed: string): string {
  return typed.trim().replace(/^\/+/, '').normalize('NFC').toLowerCase();
}

/** Why a (normalised) shortcut is not acceptable, or null when it is. */
export function shortcutProblem(shortcut: string): 'empty' | 'tooLong' | 'characters' | null {
  if (shortcut.length === 0) return 'empty';
  if ([...shortcut].length > SHORTCUT_MAX) return 'tooLong';
  return SHORTCUT_PATTERN.test(shortcut) ? null : 'characters';
}

export type CannedContact = { name: string | null; phone: string | null };

/** The placeholders, in Portuguese and English, and what each is filled with. */
export const CANNED_PLACEHOLDERS = ['nome', 'name', 'primeiro_nome', 'first_name', 'telefone', 'phone'] as const;

/**
 * Fills {{nome}}/{{name}}, {{primeiro_nome}}/{{first_name}} and {{telefone}}/{{phone}} from the
 * conversation's contact. A value we do not know is dropped together with the space before it
 * ("Olá {{nome}}!" becomes "Olá!" for a contact without a name) rather than sent as "{{nome}}".
 * Other {{…}} are left as they are: they may be the agent's own text.
 */
export function expandPlaceholders(content: string, contact: CannedContact): string {
  const name = contact.name?.trim() || '';
  const values: Record<string, string> = {
    nome: name,
    name,
    primeiro_nome: name.split(/\s+/)[0] ?? '',
    first_name: name.split(/\s+/)[0] ?? '',
    telefone: contact.phone?.trim() ?? '',
    phone: contact.phone?.trim() ?? '',
  };
  return content.replace(/( ?)\{\{\s*([\p{L}_]+)\s*\}\}/gu, (whole, space: string, key: string) => {
    const value = values[key.toLowerCase()];
    if (value === undefined) return whole;
    return value ? space + value : '';
  });
}
