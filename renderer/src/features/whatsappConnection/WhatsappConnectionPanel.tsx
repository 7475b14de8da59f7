// The WhatsApp connection wizard (admins and owners, /admin/whatsapp): 1 ids and secrets, 2 the
// webhook to paste into Meta, 3 a check with Meta, 4 a test message. Steps 2 to 4 open once the
// number is saved; a saved connection opens on its last useful step.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import type { MessageKey } from '#renderer/i18n/catalog';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { CredentialsStep } from './CredentialsStep';
import { TestMessageStep } from './TestMessageStep';
import { useConnection, type Connection } from './useConnection';
import { VerifyStep } from './VerifyStep';
import { WebhookStep } from './WebhookStep';
import './whatsappConnection.css';

const STEPS = ['credentials', 'webhook', 'verify', 'test'] as const;
type Step = (typeof STEPS)[number];

const firstStep = (connection: Connection): Step => (!connection.configured ? 'credentials' : connection.verifiedAt ? 'test' : 'webhook');

export function WhatsappConnectionPanel() {
  const { query, input, refresh } = useConnection();
  const t = useT();
  if (query.isPending) return <p>{t('common.loading')}</p>;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  return <Wizard connection={query.data} input={input} refresh={refresh} />;
}

function Wizard({ connection, input, refresh }: { connection: Connection; input: { clientId?: string }; refresh: () => Promise<void> }) {
  const t = useT();
  const [step, setStep] = useState<Step>(() => firstStep(connection));
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const disconnect = useMutation({
    mutationFn: () => api().whatsappConnection.disconnect.mutate(input),
    onSuccess: async () => {
      await refresh();
      setStep('credentials');
      setNotice('whatsappConnection.disconnected');
    },
  });
  const index = STEPS.indexOf(step);
  const go = (next: Step) => {
    setNotice(null);
    setStep(next);
  };
  return (
    <section className="card stack whatsapp-wizard" aria-labelledby="whatsapp-wizard-title">
      <h2 id="whatsapp-wizard-title">{t('whatsappConnection.title')}</h2>
      <p className="muted">{t('whatsappConnection.intro')}</p>
      <p data-testid="connection-status">
        <span className={`status-pill ${connection.verifiedAt ? 'humano' : ''}`}>
          {connection.configured
            ? connection.verifiedAt
              ? t('whatsappConnection.status.connected', {
                  name: `${connection.verifiedName ?? ''} ${connection.displayPhone ?? connection.phoneNumberId ?? ''}`.trim(),
                })
              : t('whatsappConnection.status.saved')
            : t('whatsappConnection.status.none')}
        </span>
      </p>
      <nav aria-label={t('whatsappConnection.steps')}>
        <ol className="wizard-steps">
          {STEPS.map((id) => (
            <li key={id}>
              <button
                type="button"
                className="tab"
                aria-current={id === step ? 'step' : undefined}
                disabled={id !== 'credentials' && !connection.configured}
                onClick={() => go(id)}>
                {t(`whatsappConnection.step.${id}` as MessageKey)}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      {notice && <p role="status">{t(notice)}</p>}
      {step === 'credentials' && (
        <CredentialsStep
          key={connection.phoneNumberId ?? 'none'}
          connection={connection}
          input={input}
          onSaved={async () => {
            await refresh();
            go('webhook');
          }}
        />
      )}
      {step === 'webhook' && <WebhookStep connection={connection} input={input} onChanged={refresh} />}
      {step === 'verify' && <VerifyStep connection={connection} input={input} onVerified={refresh} />}
      {step === 'test' && <TestMessageStep input={input} />}
      <div className="row wizard-footer">
        {index > 0 && (
          <button type="button" className="button-secondary" onClick={() => go(STEPS[index - 1]!)}>
            {t('whatsappConnection.back')}
          </button>
        )}
        {index > 0 && index < STEPS.length - 1 && (
          <button type="button" className="button-secondary" onClick={() => go(STEPS[index + 1]!)}>
            {t('whatsappConnection.next')}
          </button>
        )}
        <span className="grow" />
        {connection.configured && (
          <button
            type="button"
            className="button-danger"
            disabled={disconnect.isPending}
            onClick={() => {
              if (window.confirm(t('whatsappConnection.disconnect.confirm'))) disconnect.mutate();
            }}>
            {t('whatsappConnection.disconnect')}
          </button>
        )}
      </div>
      {disconnect.isError && <ErrorNotice error={disconnect.error} />}
    </section>
  );
}
