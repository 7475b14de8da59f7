// A fetch for SDKs (the OpenAI client) calling a URL a tenant typed (their own model server): the
// address policy of guardedRequest.ts applied before each request (literal and resolved addresses
// must be global unicast unless ALLOW_PRIVATE_NETWORK), and redirects never followed. Responses
// stream as usual (chat streams), which guardedRequest's buffered body could not do.
import { outboundUrlProblem } from './outboundUrlProblem.js';
import { OutboundRequestError } from './guardedRequest.js';

export function guardedFetch(allowPrivateNetwork: boolean): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const problem = await outboundUrlProblem(url, allowPrivateNetwork);
    if (problem) throw new OutboundRequestError(problem, 'address');
    return fetch(input, { ...init, redirect: 'manual' });
  };
}
