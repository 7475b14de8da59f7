import { QueryCache, MutationCache, QueryClient } from '@tanstack/react-query';
import { errorCode } from './errorMessage';

/** A query client that signs out when the server says the session is gone, and does not retry 4xx. */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  const handle = (error: unknown) => {
    if (errorCode(error) === 'UNAUTHORIZED') onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: handle }),
    mutationCache: new MutationCache({ onError: handle }),
    defaultOptions: {
      queries: {
        retry: (failures, error) => {
          const code = errorCode(error);
          if (code && code !== 'INTERNAL_SERVER_ERROR' && code !== 'TIMEOUT') return false;
          return failures < 3;
        },
        refetchOnWindowFocus: false,
        staleTime: 10_000,
      },
    },
  });
}
