// Step 4: one test message from the connected number. Meta delivers free text only inside the
// 24-hour window, so the server sends the hello_world template otherwise; the screen says which.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { ProblemNotice } from './ProblemNotice';

export function TestMessageStep({ input }: { input: { clientId?: string } }) {
  const t = useT();
  const [to, setTo] = useState('');
  const [text, setText] = useState(() => t('whatsappConnection.test.defaultText'));
  const [invalid, setInvalid] = useState(false);
  const send = useMutation({ mutationFn: () => api().whatsappConnection.sendTest.mutate({ ...input, to: to.trim(), text: text.trim() || undefined }) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const digits = to.replace(/\D+/g, '');
    const ok = /^\+?[\d\s().-]+$/.test(to.trim()) && digits.length >= 8 && digits.length <= 15;
    setInvalid(!ok);
    if (ok) send.mutate();
  };
  const answer = send.data;
  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="wizard-test-title">
      <h3 id="wizard-test-title">{t('whatsappConnection.step.test')}</h3>
      <p className="muted small">{t('whatsappConnection.test.help')}</p>
      <p className="notice" role="note">
        {t('whatsappConnection.test.window')}
      </p>
      <Field
        label={t('whatsappConnection.test.to')}
        hint={t('whatsappConnection.test.to.hint')}
        value={to}
        inputMode="tel"
        autoComplete="tel"
        error={invalid ? t('whatsappConnection.test.invalidTo') : null}
        onChange={(event) => setTo(event.target.value)}
      />
      <div className="field">
        <label htmlFor="wizard-test-text">{t('whatsappConnection.test.text')}</label>
        <textarea id="wizard-test-text" rows={2} maxLength={1000} value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <div className="row">
        <button type="submit" className="button-primary" disabled={send.isPending}>
          {t('whatsappConnection.test.send')}
        </button>
      </div>
      {answer?.ok && (
        <p className="notice" role="status" data-testid="test-sent" data-sent-as={answer.sentAs}>
          {t(answer.sentAs === 'text' ? 'whatsappConnection.test.sentText' : 'whatsappConnection.test.sentTemplate', { wamid: answer.wamid })}
        </p>
      )}
      {answer && !answer.ok && <ProblemNotice problem={answer.error} />}
      {send.isError && <ErrorNotice error={send.error} />}
    </form>
  );
}
