import { brokenPasswordRules, PASSWORD_MIN_LENGTH, PASSWORD_RULES } from '#shared/auth/passwordRules.js';
import { useT } from '#renderer/i18n/useI18n';

/** The password rules, each ticked as it is met while the person types. */
export function PasswordRulesList({ id, password, email }: { id: string; password: string; email: string }) {
  const t = useT();
  const broken = new Set(brokenPasswordRules(password, email));
  return (
    <div id={id} className="field-hint">
      <p className="password-rules-title">{t('setup.passwordRules')}</p>
      <ul className="password-rules">
        {PASSWORD_RULES.map((rule) => {
          const met = password.length > 0 && !broken.has(rule);
          return (
            <li key={rule} data-rule={rule} data-met={met} className={met ? 'rule-met' : 'rule-unmet'}>
              <span aria-hidden="true">{met ? '✓' : '○'}</span> {t(`setup.rule.${rule}`, { min: PASSWORD_MIN_LENGTH })}
              <span className="visually-hidden"> ({met ? t('setup.rule.met') : t('setup.rule.unmet')})</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
