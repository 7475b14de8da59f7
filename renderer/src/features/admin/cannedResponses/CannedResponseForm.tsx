// Adding or editing one canned response. The shortcut and the length are checked as you type (the
// same rules as the server, shared/cannedResponses); whether the shortcut is free is the server's
// answer (it is case-insensitive and decides between two people saving at once): CONFLICT is shown
// under the shortcut, any other refusal below the form.
import { useId, useState, type FormEvent } from 'react';
import { CANNED_CONTENT_MAX, normalizeShortcut, shortcutProblem } from '#shared/cannedResponses/cannedResponseRules.js';
import { errorCode } from '#renderer/api/errorMessage';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';

export type CannedDraft = { shortcut: string; content: string };

type Props = {
  title: string;
  initial: CannedDraft;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit(draft: CannedDraft): void;
  onCancel?: () => void;
  testId: string;
};

export function CannedResponseForm({ title, initial, submitLabel, pending, error, onSubmit, onCancel, testId }: Props) {
  const t = useT();
  const contentId = useId();
  const [shortcut, setShortcut] = useState(initial.shortcut);
  const [content, setContent] = useState(initial.content);
  const [attempted, setAttempted] = useState(false);
  // The shortcut last sent: a "taken" answer is about that one, not about what is typed since.
  const [sent, setSent] = useState<string | null>(null);
  const normalized = normalizeShortcut(shortcut);
  const problem = shortcutProblem(normalized);
  const trimmed = content.trim();
  const contentProblem = trimmed.length === 0 ? 'contentEmpty' : trimmed.length > CANNED_CONTENT_MAX ? 'contentTooLong' : null;
  // Format problems show once something was typed (or on submit); an empty field only on submit.
  const shortcutError =
    problem && (attempted || (problem !== 'empty' && shortcut !== ''))
      ? t(`canned.error.${problem}`)
      : errorCode(error) === 'CONFLICT' && sent === normalized
        ? t('canned.error.duplicate', { shortcut: normalized })
        : null;
  const contentError =
    contentProblem && (attempted || contentProblem === 'contentTooLong') ? t(`canned.error.${contentProblem}`, { max: CANNED_CONTENT_MAX }) : null;
  const otherError = error && errorCode(error) !== 'CONFLICT' ? error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (problem || contentProblem || pending) return;
    setSent(normalized);
    onSubmit({ shortcut: normalized, content: trimmed });
  };
  return (
    <form className="card stack canned-form" onSubmit={submit} noValidate aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      <div className="row canned-form-fields">
        <Field
          label={t('canned.shortcut')}
          value={shortcut}
          onChange={(event) => setShortcut(event.target.value)}
          maxLength={60}
          hint={t('canned.shortcutHint')}
          error={shortcutError}
          autoComplete="off"
          spellCheck={false}
          className="canned-shortcut-input"
        />
      </div>
      <div className="field">
        <label htmlFor={contentId}>{t('canned.content')}</label>
        <textarea
          id={contentId}
          rows={4}
          value={content}
          onChange={(event) => setContent(event.target.value)}
          aria-invalid={contentError ? true : undefined}
          aria-describedby={`${contentId}-hint${contentError ? ` ${contentId}-error` : ''}`}
        />
        <p id={`${contentId}-hint`} className="field-hint">
          {t('canned.contentCount', { count: trimmed.length, max: CANNED_CONTENT_MAX })} · {t('canned.placeholders')}
        </p>
        {contentError && (
          <p id={`${contentId}-error`} className="field-error">
            {contentError}
          </p>
        )}
      </div>
      {otherError ? (
        errorCode(otherError) === 'NOT_FOUND' ? (
          <p className="notice notice-error" role="alert">
            {t('canned.error.gone')}
          </p>
        ) : (
          <ErrorNotice error={otherError} />
        )
      ) : null}
      <div className="row">
        <button type="submit" className="button-primary" disabled={pending}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
