// The typed tRPC client: queries and mutations batched over HTTP (auth.* one per request),
// subscriptions over SSE (tRPC's httpSubscriptionLink reconnects by itself and resumes from the last event id it saw).
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink, type TRPCLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '#shared/api.js';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type ApiOptions = {
  /** The server's origin (the page's own in a browser). */
  baseUrl: string;
  /**
   * A bearer token, for clients outside the browser (benchmarks). The renderer passes none: its
   * session is the server's HttpOnly cookie, sent by the browser itself.
   */
  getToken?(): string | null;
  /** Only for the desktop app's local server (the shell also adds it to every request). */
  launchToken?: string | null;
};

/** The session cookie goes with every call to the page's own server, and to no other. */
const withCookies: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'same-origin' });

export function createApiClient(options: ApiOptions) {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/trpc`;
  const headers = () => {
    const token = options.getToken?.() ?? null;
    return {
      // The server refuses a cookie-authenticated mutation without it (CSRF: another site's form cannot send headers).
      'x-uzz-csrf': '1',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.launchToken ? { 'x-uzz-launch-token': options.launchToken } : {}),
    };
  };
  const links: TRPCLink<AppRouter>[] = [
    splitLink({
      condition: (op) => op.type === 'subscription',
      // EventSource sends the page's own cookies; a bearer client passes its token as a parameter.
      true: httpSubscriptionLink({ url, ...(options.getToken ? { connectionParams: () => ({ token: options.getToken?.() ?? '' }) } : {}) }),
      // The server refuses auth.* inside a batch (a batch of logins would be many guesses in one
      // request): those go one per request.
      false: splitLink({
        condition: (op) => op.path.startsWith('auth.'),
        true: httpLink({ url, headers, fetch: withCookies }),
        false: httpBatchLink({ url, headers, fetch: withCookies, maxURLLength: 4000 }),
      }),
    }),
  ];
  return createTRPCClient<AppRouter>({ links });
}

export type ApiClient = ReturnType<typeof createApiClient>;
