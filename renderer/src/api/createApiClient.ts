// The typed tRPC client: queries and mutations batched over HTTP (auth.* one per request),
// subscriptions over SSE (tRPC's httpSubscriptionLink reconnects by itself and resumes from the last event id it saw).
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink, type TRPCLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../shared/api.js';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type ApiOptions = {
  /** The server's origin (the page's own in a browser). */
  baseUrl: string;
  getToken(): string | null;
  /** Only for the desktop app's local server (the shell also adds it to every request). */
  launchToken?: string | null;
};

export function createApiClient(options: ApiOptions) {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/trpc`;
  const headers = () => {
    const token = options.getToken();
    return {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.launchToken ? { 'x-uzz-launch-token': options.launchToken } : {}),
    };
  };
  const links: TRPCLink<AppRouter>[] = [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url, connectionParams: () => ({ token: options.getToken() ?? '' }) }),
      // The server refuses auth.* inside a batch (a batch of logins would be many guesses in one
      // request): those go one per request.
      false: splitLink({
        condition: (op) => op.path.startsWith('auth.'),
        true: httpLink({ url, headers }),
        false: httpBatchLink({ url, headers, maxURLLength: 4000 }),
      }),
    }),
  ];
  return createTRPCClient<AppRouter>({ links });
}

export type ApiClient = ReturnType<typeof createApiClient>;
