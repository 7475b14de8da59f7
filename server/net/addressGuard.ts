// The connect-time half of the address policy: a socket `lookup` that refuses a name resolving to
// a non-public address. It runs on the address actually connected to, so a name that resolves (or
// re-resolves, DNS rebinding) to a private address is refused too, not only literal IPs in URLs.
import dns from 'node:dns';
import type net from 'node:net';
import { isPublicAddress } from './isPublicAddress.js';

export class PrivateAddressError extends Error {
  override name = 'PrivateAddressError';
  readonly code = 'EPRIVATE';
}

export function privateAddressMessage(host: string, address: string): string {
  return host === address
    ? `requests to private, loopback, link-local or reserved addresses are not allowed (${address})`
    : `${host} resolves to a private, loopback, link-local or reserved address (${address}), which is not allowed`;
}

export function guardedLookup(allowPrivateNetwork: boolean): net.LookupFunction {
  return (host, options, callback) => {
    dns.lookup(host, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      const refused = allowPrivateNetwork ? undefined : list.find((entry) => !isPublicAddress(entry.address));
      if (refused) return callback(new PrivateAddressError(privateAddressMessage(host, refused.address)), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}
