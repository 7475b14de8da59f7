// Meta's refusal in plain words (the server classifies Meta's error code; the words are ours, in
// the user's language), with Meta's own text underneath for whoever needs the detail.
import type { RouterOutputs } from '#renderer/api/createApiClient';
import type { MessageKey } from '#renderer/i18n/catalog';
import { useT } from '#renderer/i18n/useI18n';

export type ConnectionProblem = Extract<RouterOutputs['whatsappConnection']['verify'], { ok: false }>['error'];

export function ProblemNotice({ problem, lead }: { problem: ConnectionProblem; lead?: string }) {
  const t = useT();
  return (
    <div className="notice notice-error stack" role="alert" data-testid="connection-problem" data-problem={problem.problem}>
      {lead && <span>{lead}</span>}
      <strong>{t(`whatsappConnection.problem.${problem.problem}` as MessageKey)}</strong>
      {problem.metaMessage && (
        <span className="small">
          {t('whatsappConnection.metaSaid', { message: problem.metaMessage })}
          {problem.code !== null ? ` (#${problem.code})` : ''}
        </span>
      )}
    </div>
  );
}
