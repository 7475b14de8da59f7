// Customer opt-out: the words that stop (and restart) business-initiated messages, and how a
// customer's message is compared with them. Server (inbound path, settings) and renderer (the
// admin form) share this, so both agree on what a keyword is.
import { z } from 'zod';
import { safeText } from './safeText.js';

export const DEFAULT_OPT_OUT_KEYWORDS = ['SAIR', 'PARAR', 'CANCELAR', 'STOP'] as const;
export const DEFAULT_OPT_IN_KEYWORDS = ['VOLTAR', 'START'] as const;
export const DEFAULT_OPT_OUT_REPLY = 'Pronto, você não receberá mais mensagens nossas. Para voltar a receber, envie VOLTAR.';
export const DEFAULT_OPT_IN_REPLY = 'Pronto, você voltará a receber nossas mensagens. Para parar, envie SAIR.';

export const OPT_OUT_LIMITS = { keywords: 20, keywordLength: 40, replyLength: 1000 } as const;

/**
 * What a message and a keyword are compared as: trimmed, inner spaces collapsed, accents removed,
 * upper case ("  Sáir " matches SAIR). Only the whole message counts: "quero sair" is a sentence.
 */
export function normalizeKeyword(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toUpperCase();
}

const keyword = safeText()
  .trim()
  .min(1, 'a keyword cannot be empty')
  .max(OPT_OUT_LIMITS.keywordLength, `a keyword has at most ${OPT_OUT_LIMITS.keywordLength} characters`);
const keywordList = z.array(keyword).min(1, 'give at least one keyword').max(OPT_OUT_LIMITS.keywords, `at most ${OPT_OUT_LIMITS.keywords} keywords`);
const reply = safeText()
  .trim()
  .min(1, 'the confirmation cannot be empty')
  .max(OPT_OUT_LIMITS.replyLength, `the confirmation has at most ${OPT_OUT_LIMITS.replyLength} characters`);

export const optOutSettingsSchema = z
  .object({ optOutKeywords: keywordList, optInKeywords: keywordList, optOutReply: reply, optInReply: reply })
  .superRefine((value, ctx) => {
    const optOut = new Set(value.optOutKeywords.map(normalizeKeyword));
    const both = value.optInKeywords.filter((word) => optOut.has(normalizeKeyword(word)));
    if (both.length) ctx.addIssue({ code: 'custom', path: ['optInKeywords'], message: `a word cannot both stop and restart messages: ${both.join(', ')}` });
  });
export type OptOutSettings = z.infer<typeof optOutSettingsSchema>;

export const DEFAULT_OPT_OUT_SETTINGS: OptOutSettings = {
  optOutKeywords: [...DEFAULT_OPT_OUT_KEYWORDS],
  optInKeywords: [...DEFAULT_OPT_IN_KEYWORDS],
  optOutReply: DEFAULT_OPT_OUT_REPLY,
  optInReply: DEFAULT_OPT_IN_REPLY,
};

/** The stored value (possibly partial or from an older version) with the defaults filled in. */
export function effectiveOptOutSettings(stored: Partial<OptOutSettings> | null | undefined): OptOutSettings {
  return { ...DEFAULT_OPT_OUT_SETTINGS, ...(stored ?? {}) };
}

/** Which keyword, if any, the whole message is. */
export function matchConsentKeyword(settings: OptOutSettings, text: string | null): { action: 'opt_out' | 'opt_in'; keyword: string } | null {
  if (!text) return null;
  const said = normalizeKeyword(text);
  if (!said || said.length > OPT_OUT_LIMITS.keywordLength) return null;
  const stop = settings.optOutKeywords.find((word) => normalizeKeyword(word) === said);
  if (stop) return { action: 'opt_out', keyword: normalizeKeyword(stop) };
  const start = settings.optInKeywords.find((word) => normalizeKeyword(word) === said);
  return start ? { action: 'opt_in', keyword: normalizeKeyword(start) } : null;
}
