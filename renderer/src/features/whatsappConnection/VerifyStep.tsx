// Step 3: asks Meta about the saved number with the saved token; what Meta said is kept and shown.
import { useMutation } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import type { Connection } from './useConnection';
import { NumberFacts, VerifyAnswer } from './VerifyAnswer';

export function VerifyStep({ connection, input, onVerified }: { connection: Connection; input: { clientId?: string }; onVerified: () => Promise<void> }) {
  const t = useT();
  const verify = useMutation({ mutationFn: () => api().whatsappConnection.verify.mutate(input), onSuccess: onVerified });
  return (
    <div className="stack">
      <h3>{t('whatsappConnection.step.verify')}</h3>
      <p className="muted small">{t('whatsappConnection.verify.help')}</p>
      {!verify.data && connection.verifiedAt && (
        <NumberFacts name={connection.verifiedName} number={connection.displayPhone} quality={connection.qualityRating} />
      )}
      <div className="row">
        <button type="button" className="button-primary" disabled={verify.isPending} onClick={() => verify.mutate()}>
          {t('whatsappConnection.verify.run')}
        </button>
      </div>
      {verify.data && <VerifyAnswer answer={verify.data} />}
      {verify.isError && <ErrorNotice error={verify.error} />}
    </div>
  );
}
