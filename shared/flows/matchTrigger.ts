import type { KeywordMatch } from './flowDocument.js';
import { normalizeText } from './normalizeText.js';

/** Whether a customer's message fires a keyword trigger (case and accents ignored). */
export function matchKeyword(text: string, keywords: string[], mode: KeywordMatch): boolean {
  const message = normalizeText(text);
  if (message === '') return false;
  return keywords.some((keyword) => {
    const wanted = normalizeText(keyword);
    if (wanted === '') return false;
    if (mode === 'equals') return message === wanted;
    if (mode === 'starts_with') return message.startsWith(wanted);
    // contains: whole words, so "oi" does not fire inside "coisa".
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(wanted)}($|[^\\p{L}\\p{N}])`, 'u').test(message);
  });
}

/** A QR code fires when the message is its code (the text the wa.me link pre-fills). */
export function matchQrCode(text: string, code: string | null): boolean {
  return code !== null && code.trim() !== '' && normalizeText(text) === normalizeText(code);
}

/** The link a QR code encodes: WhatsApp opens a chat with the client's number, the code typed in. */
export function qrCodeLink(displayPhone: string, code: string): string {
  return `https://wa.me/${displayPhone.replace(/\D/g, '')}?text=${encodeURIComponent(code)}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
