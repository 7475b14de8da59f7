// Which addresses the server may connect to on a tenant's behalf (flow HTTP blocks, budget-alert
// webhooks, media downloads): global unicast only. An allow-list rather than a deny-list, because
// the special ranges keep growing (benchmarking 198.18.0.0/15, IETF 192.0.0.0/24, documentation,
// NAT64 64:ff9b::/96, 6to4 and Teredo that can wrap a private IPv4, site-local fec0::/10...) and a
// missed one is a way into the server's own network. ipaddr.js keeps the IANA registries.
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/** IANA's global unicast block for IPv6 (2000::/3); anything outside it is special or unassigned. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

export function isPublicAddress(address: string): boolean {
  // node:net parses the way sockets do (no "127.1" or octal shorthands), zone ids included.
  const bare = address.replace(/^\[|\]$/g, '');
  if (net.isIP(bare) === 0) return false;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process(): an IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 it reaches.
    parsed = ipaddr.process(bare.replace(/%.*$/, ''));
  } catch {
    return false;
  }
  if (parsed.range() !== 'unicast') return false;
  // 6to4, Teredo and NAT64 have their own range names; the rest outside 2000::/3 (IPv4-compatible
  // ::a.b.c.d, unassigned space) is refused too.
  return parsed.kind() === 'ipv4' || (parsed as ipaddr.IPv6).match(GLOBAL_UNICAST_V6 as [ipaddr.IPv6, number]);
}
