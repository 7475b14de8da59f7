// The manual trigger from the thread header: an agent picks a published, active flow (manual-trigger
// flows first) and the server runs it for this conversation (flows.startForConversation). Offered
// while the conversation is with the bot; the server refuses it otherwise, and while a flow runs.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '#renderer/api/api';
import { errorCode } from '#renderer/api/errorMessage';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import type { ConversationView } from '../types';

export function StartFlowButton({ conversation }: { conversation: ConversationView }) {
  const t = useT();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [flowId, setFlowId] = useState('');
  const flows = useQuery({ queryKey: ['flows', 'startable'], queryFn: () => api().flows.startable.query(), enabled: open, staleTime: 30_000 });
  const start = useMutation({
    mutationFn: (chosen: string) => api().flows.startForConversation.mutate({ flowId: chosen, conversationId: conversation.id }),
    onSuccess: () => setOpen(false),
  });
  const offered = conversation.status === 'bot' || open;
  if (!offered && !start.isSuccess) return null;
  const chosen = flowId || flows.data?.[0]?.id || '';
  return (
    <div className="start-flow" data-testid="start-flow">
      {offered && (
        <button
          type="button"
          className="button-secondary"
          aria-expanded={open}
          aria-controls={`${id}-form`}
          onClick={() => {
            setOpen((current) => !current);
            start.reset();
          }}>
          {t('inbox.startFlow.open')}
        </button>
      )}
      {start.isSuccess && !open && (
        <span className="small muted" role="status">
          {t('inbox.startFlow.started', { name: start.data.flowName })}
        </span>
      )}
      {open && (
        <form
          id={`${id}-form`}
          className="start-flow-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (chosen) start.mutate(chosen);
          }}>
          {flows.isPending && <span className="small muted">{t('common.loading')}</span>}
          {flows.isError && <ErrorNotice error={flows.error} onRetry={() => void flows.refetch()} />}
          {flows.data?.length === 0 && <span className="small muted">{t('inbox.startFlow.none')}</span>}
          {flows.data && flows.data.length > 0 && (
            <>
              <label htmlFor={`${id}-flow`} className="small">
                {t('inbox.startFlow.pick')}
              </label>
              <select id={`${id}-flow`} value={chosen} onChange={(event) => setFlowId(event.target.value)} data-testid="start-flow-select">
                {flows.data.map((flow) => (
                  <option key={flow.id} value={flow.id}>
                    {flow.triggerType === 'manual' ? flow.name : t('inbox.startFlow.withTrigger', { name: flow.name })}
                  </option>
                ))}
              </select>
              <button type="submit" className="button-primary" disabled={!chosen || start.isPending} data-testid="start-flow-confirm">
                {t('inbox.startFlow.start')}
              </button>
            </>
          )}
          {start.isError &&
            (errorCode(start.error) === 'CONFLICT' ? (
              <p className="notice notice-error" role="alert">
                {t('inbox.startFlow.busy')}
              </p>
            ) : (
              <ErrorNotice error={start.error} />
            ))}
        </form>
      )}
    </div>
  );
}
