// The interface language: the system's at first, then whatever the person picks in settings
// (kept in localStorage). `t` is stable per language so components re-render only on a switch.
import { create } from 'zustand';
import { CATALOG, type MessageKey } from './catalog';
import type { Language } from './defineMessages';
import { detectLanguage, isLanguage } from './detectLanguage';
import { translate, type Params } from './translate';

const STORAGE_KEY = 'uzz.language';

export type Translate = (key: MessageKey, params?: Params) => string;

type I18nState = { language: Language; chosen: boolean; t: Translate; setLanguage(language: Language): void };

const makeT =
  (language: Language): Translate =>
  (key, params) =>
    translate(CATALOG[language], language, key, params);

function initialLanguage(): { language: Language; chosen: boolean } {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return { language: stored, chosen: true };
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  return { language: detectLanguage(preferred), chosen: false };
}

const initial = initialLanguage();
applyToDocument(initial.language);

export const useI18n = create<I18nState>((set) => ({
  ...initial,
  t: makeT(initial.language),
  setLanguage(language) {
    safeStorage()?.setItem(STORAGE_KEY, language);
    applyToDocument(language);
    set({ language, chosen: true, t: makeT(language) });
  },
}));

/** `const t = useT()`: the translate function of the current language. */
export const useT = () => useI18n((state) => state.t);

function applyToDocument(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
