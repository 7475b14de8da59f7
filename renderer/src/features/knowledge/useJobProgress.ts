// Follows the knowledge base's jobs live: each running job's progress through the jobProgress
// subscription, finished ones refresh the source list.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '#renderer/api/api';
import { knowledgeKeys, type JobView } from './knowledgeApi';

export function useJobProgress(started: JobView[]) {
  const queryClient = useQueryClient();
  const [views, setViews] = useState<Record<string, JobView>>({});
  const runningIds = started
    .filter((job) => job.state === 'running')
    .map((job) => job.id)
    .join(',');
  useEffect(() => {
    const subscriptions = runningIds
      .split(',')
      .filter(Boolean)
      .map((jobId) =>
        api().knowledgeBase.jobProgress.subscribe(
          { jobId },
          {
            onData: (view) => {
              setViews((previous) => ({ ...previous, [view.id]: view }));
              if (view.state !== 'running') {
                void queryClient.invalidateQueries({ queryKey: knowledgeKeys.sources });
                void queryClient.invalidateQueries({ queryKey: knowledgeKeys.jobs });
                void queryClient.invalidateQueries({ queryKey: knowledgeKeys.settings });
              }
            },
          },
        ),
      );
    return () => subscriptions.forEach((subscription) => subscription.unsubscribe());
  }, [runningIds, queryClient]);
  return started.map((job) => views[job.id] ?? job);
}
