import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/api';
import type { RouterOutputs } from '../../api/createApiClient';
import { useSession } from '../../session/useSession';

export type Me = RouterOutputs['auth']['me'];

export const ME_KEY = ['auth', 'me'] as const;

/** The signed-in person (email, client, role); only runs with a session. */
export function useMe() {
  const token = useSession((state) => state.token);
  return useQuery({ queryKey: [...ME_KEY, token], queryFn: () => api().auth.me.query(), enabled: Boolean(token), staleTime: 60_000 });
}
