// Step 2: what to paste into Meta's console (the callback URL and the verify token), with a short
// guide. The verify token is shown on purpose: Meta needs it, and it only lets someone complete the
// handshake, never read or send messages.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { CopyField } from './CopyField';
import { isLocalHost, originOf, storeBaseUrl, storedBaseUrl } from './publicBaseUrl';
import type { Connection } from './useConnection';

export function WebhookStep({ connection, input, onChanged }: { connection: Connection; input: { clientId?: string }; onChanged: () => Promise<void> }) {
  const t = useT();
  const detected = connection.webhookUrl ? connection.webhookUrl.slice(0, -connection.webhookPath.length) : window.location.origin;
  const [baseUrl, setBaseUrl] = useState(() => storedBaseUrl() ?? detected);
  const origin = originOf(baseUrl);
  const host = origin ? new URL(origin).hostname : null;
  const regenerate = useMutation({
    mutationFn: () =>
      api().whatsappConnection.save.mutate({ ...input, phoneNumberId: connection.phoneNumberId!, wabaId: connection.wabaId, regenerateVerifyToken: true }),
    onSuccess: onChanged,
  });
  return (
    <div className="stack">
      <h3>{t('whatsappConnection.step.webhook')}</h3>
      <p className="muted small">{t('whatsappConnection.webhook.help')}</p>
      <ol className="wizard-guide">
        <li>{t('whatsappConnection.webhook.guide1')}</li>
        <li>{t('whatsappConnection.webhook.guide2')}</li>
        <li>{t('whatsappConnection.webhook.guide3')}</li>
      </ol>
      <Field
        label={t('whatsappConnection.webhook.baseUrl')}
        hint={t('whatsappConnection.webhook.baseUrl.hint')}
        value={baseUrl}
        inputMode="url"
        spellCheck={false}
        error={origin ? null : t('whatsappConnection.webhook.baseUrl.hint')}
        onChange={(event) => {
          setBaseUrl(event.target.value);
          if (originOf(event.target.value)) storeBaseUrl(event.target.value.trim());
        }}
      />
      {host && isLocalHost(host) && (
        <p className="notice" role="note">
          {t('whatsappConnection.webhook.local', { host })}
        </p>
      )}
      {origin && <CopyField label={t('whatsappConnection.webhook.url')} value={`${origin}${connection.webhookPath}`} testId="webhook-url" />}
      <CopyField label={t('whatsappConnection.webhook.verifyToken')} value={connection.verifyToken} testId="verify-token" />
      <div className="row">
        <button type="button" className="button-secondary" disabled={regenerate.isPending || !connection.phoneNumberId} onClick={() => regenerate.mutate()}>
          {t('whatsappConnection.webhook.regenerate')}
        </button>
        {regenerate.isSuccess && <span role="status">{t('whatsappConnection.webhook.regenerated')}</span>}
      </div>
      {regenerate.isError && <ErrorNotice error={regenerate.error} />}
    </div>
  );
}
