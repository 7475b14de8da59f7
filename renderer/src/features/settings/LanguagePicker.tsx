import { useId } from 'react';
import { LANGUAGES, type Language } from '#renderer/i18n/defineMessages';
import { useI18n, useT } from '#renderer/i18n/useI18n';

/** The language switch (settings, and the sign-in screens so nobody is stuck in a language). */
export function LanguagePicker({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const id = useId();
  const { language, setLanguage } = useI18n();
  return (
    <div className={compact ? 'language-picker compact' : 'field'}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        {t('settings.language')}
      </label>
      <select id={id} value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
        {LANGUAGES.map((option) => (
          <option key={option} value={option} lang={option}>
            {t(`settings.language.${option}`)}
          </option>
        ))}
      </select>
      {!compact && <p className="field-hint">{t('settings.language.help')}</p>}
    </div>
  );
}
