import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';

export type TemplateChoice = { name: string; language: string; parameters: string[] };

/** The body parameters of a template as Meta's `components`. */
export function templateComponents(parameters: string[]): unknown[] {
  const filled = parameters.map((text) => text.trim());
  return filled.length ? [{ type: 'body', parameters: filled.map((text) => ({ type: 'text', text })) }] : [];
}

/** Name, language and the {{1}}…{{n}} body parameters of an approved template. */
export function TemplateDialog({
  onSend,
  onClose,
  sending,
  error,
}: {
  onSend(choice: TemplateChoice): void;
  onClose(): void;
  sending: boolean;
  error: unknown;
}) {
  const t = useT();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState('pt_BR');
  const [parameters, setParameters] = useState<string[]>(['']);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => dialog.current?.querySelector('input')?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSend({ name: name.trim(), language: language.trim(), parameters: parameters.filter((value) => value.trim() !== '') });
  };
  return (
    <div
      className="popover template-dialog"
      role="dialog"
      aria-label={t('inbox.templates.title')}
      ref={dialog}
      onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <form className="stack" onSubmit={submit}>
        <h2>{t('inbox.templates.title')}</h2>
        <div className="row">
          <Field label={t('inbox.templates.pick')} value={name} onChange={(event) => setName(event.target.value)} required pattern="[a-z0-9_]+" />
          <Field label={t('inbox.templates.language')} value={language} onChange={(event) => setLanguage(event.target.value)} required />
        </div>
        {parameters.map((value, index) => (
          <Field
            key={index}
            label={t('inbox.templates.param', { index: index + 1 })}
            value={value}
            onChange={(event) => {
              const next = [...parameters];
              next[index] = event.target.value;
              if (index === next.length - 1 && event.target.value) next.push('');
              setParameters(next);
            }}
          />
        ))}
        {error !== null && error !== undefined && <ErrorNotice error={error} />}
        <div className="row">
          <button type="submit" className="button-primary" disabled={sending}>
            {t('inbox.templates.send')}
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
