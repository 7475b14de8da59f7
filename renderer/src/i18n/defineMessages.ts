// Each feature declares its strings once per language; the type makes the Portuguese catalogue
// list exactly the English keys, so a missing translation fails the type check.
export const LANGUAGES = ['pt-BR', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export type MessageModule<K extends string> = { en: Record<K, string>; 'pt-BR': Record<K, string> };

export function defineMessages<const T extends Record<string, string>>(messages: {
  en: T;
  'pt-BR': { [K in keyof T]: string };
}): MessageModule<Extract<keyof T, string>> {
  return messages as MessageModule<Extract<keyof T, string>>;
}
