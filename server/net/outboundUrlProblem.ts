// The save-time half of the address policy, for URLs a tenant stores for later (the budget-alert
// webhook): a clear reason to refuse now rather than a failed delivery later. The connect-time
// check (addressGuard.ts) still runs on every request, since DNS can change after saving.
import type { LookupAddress } from 'node:dns';
import dns from 'node:dns/promises';
import net from 'node:net';
import { privateAddressMessage } from './addressGuard.js';
import { OutboundRequestError, parseOutboundUrl } from './guardedRequest.js';
import { isPublicAddress } from './isPublicAddress.js';

const LOOKUP_TIMEOUT_MS = 3_000;

/** Why this URL may not be called on a tenant's behalf, or null when it may. */
export async function outboundUrlProblem(raw: string, allowPrivateNetwork: boolean): Promise<string | null> {
  let url: URL;
  try {
    url = parseOutboundUrl(raw, allowPrivateNetwork);
  } catch (error) {
    if (error instanceof OutboundRequestError) return error.message;
    throw error;
  }
  if (url.username || url.password) return 'the URL may not carry a user name or password';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowPrivateNetwork || net.isIP(host)) return null;
  const addresses = await Promise.race([
    dns.lookup(host, { all: true }).catch(() => []),
    new Promise<LookupAddress[]>((resolve) => setTimeout(() => resolve([]), LOOKUP_TIMEOUT_MS).unref()),
  ]);
  // A name that does not resolve (yet) is accepted: nothing can be reached through it now.
  const refused = addresses.find((entry) => !isPublicAddress(entry.address));
  return refused ? privateAddressMessage(host, refused.address) : null;
}
