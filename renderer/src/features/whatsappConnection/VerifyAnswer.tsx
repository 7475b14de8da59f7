// What Meta answered about a number: its display name, number and quality rating, or the problem.
import type { RouterOutputs } from '#renderer/api/createApiClient';
import type { MessageKey } from '#renderer/i18n/catalog';
import { useT } from '#renderer/i18n/useI18n';
import { ProblemNotice } from './ProblemNotice';

type Answer = RouterOutputs['whatsappConnection']['verify'];

export function VerifyAnswer({ answer }: { answer: Answer }) {
  const t = useT();
  if (!answer.ok) {
    return <ProblemNotice problem={answer.error} lead={answer.failed === 'businessAccount' ? t('whatsappConnection.verify.failedAccount') : undefined} />;
  }
  return (
    <div className="notice stack" role="status" data-testid="verify-ok">
      <strong>{t('whatsappConnection.verify.ok')}</strong>
      <NumberFacts
        name={answer.phone.verifiedName}
        number={answer.phone.displayPhoneNumber}
        quality={answer.phone.qualityRating}
        codeStatus={answer.phone.codeVerificationStatus}
        account={answer.businessAccount?.name ?? null}
      />
    </div>
  );
}

export function NumberFacts({
  name,
  number,
  quality,
  codeStatus,
  account,
}: {
  name: string | null;
  number: string | null;
  quality: string | null;
  codeStatus?: string | null;
  account?: string | null;
}) {
  const t = useT();
  const qualityKey = `whatsappConnection.quality.${quality ?? 'UNKNOWN'}`;
  return (
    <dl className="number-facts">
      <dt>{t('whatsappConnection.verify.name')}</dt>
      <dd data-testid="verified-name">{name ?? '—'}</dd>
      <dt>{t('whatsappConnection.verify.number')}</dt>
      <dd>{number ?? '—'}</dd>
      <dt>{t('whatsappConnection.verify.quality')}</dt>
      <dd data-testid="quality-rating" data-quality={quality ?? 'UNKNOWN'}>
        {['GREEN', 'YELLOW', 'RED', 'UNKNOWN'].includes(quality ?? 'UNKNOWN') ? t(qualityKey as MessageKey) : quality}
      </dd>
      {codeStatus && (
        <>
          <dt>{t('whatsappConnection.verify.codeStatus')}</dt>
          <dd>{codeStatus}</dd>
        </>
      )}
      {account && (
        <>
          <dt>{t('whatsappConnection.verify.account')}</dt>
          <dd>{account}</dd>
        </>
      )}
    </dl>
  );
}
