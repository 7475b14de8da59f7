import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';

/**
 * Saves part of a cached settings object and shows the change at the click. A controlled checkbox
 * or select springs back to its old value unless the new one is in React state before the event
 * ends, and the query cache updates only later (after a microtask), so the unsaved change is kept
 * here until the server answers: its answer replaces it, a refusal brings back the saved value (the
 * caller shows the error).
 */
export function useOptimisticSave<T extends object>(key: QueryKey, save: (change: Partial<T>) => Promise<T>) {
  const queryClient = useQueryClient();
  const [unsaved, setUnsaved] = useState<Partial<T> | null>(null);
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: (saved) => queryClient.setQueryData(key, saved),
    onSettled: () => setUnsaved(null),
  });
  return {
    isPending: mutation.isPending,
    isError: mutation.isError,
    error: mutation.error,
    mutate(change: Partial<T>) {
      setUnsaved((previous) => ({ ...previous, ...change }));
      mutation.mutate(change);
    },
    /** The saved value with the change on its way over it. */
    shown(saved: T | undefined): T | undefined {
      return saved && unsaved ? { ...saved, ...unsaved } : saved;
    },
  };
}
