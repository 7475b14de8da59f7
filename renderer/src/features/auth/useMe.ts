import { useQuery } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { useShallow } from 'zustand/react/shallow';
import { useSession } from '#renderer/session/useSession';

export type Me = RouterOutputs['auth']['me'];

export const ME_KEY = ['auth', 'me'] as const;

/** The signed-in person (email, client, role); only runs with a session. */
export function useMe() {
  const { signedIn, epoch } = useSession(useShallow((state) => ({ signedIn: state.signedIn, epoch: state.epoch })));
  return useQuery({ queryKey: [...ME_KEY, epoch], queryFn: () => api().auth.me.query(), enabled: signedIn, staleTime: 60_000 });
}
