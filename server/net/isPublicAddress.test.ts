// The outbound address policy, address by address: only global unicast passes. Pure function,
// no database (the HTTP paths that use it are tested through flows, budgets and media).
import { describe, expect, it } from 'vitest';
import { isPublicAddress } from './isPublicAddress.js';

const REFUSED: Array<[string, string]> = [
  ['127.0.0.1', 'IPv4 loopback'],
  ['127.255.255.254', 'IPv4 loopback, end of block'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', '"this network"'],
  ['10.0.0.5', 'private 10/8'],
  ['172.16.0.1', 'private 172.16/12'],
  ['172.31.255.255', 'private 172.16/12, end'],
  ['192.168.1.1', 'private 192.168/16'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['169.254.169.254', 'link-local (cloud metadata)'],
  ['224.0.0.1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved 240/4'],
  ['198.18.0.1', 'benchmarking 198.18/15'],
  ['198.19.255.1', 'benchmarking 198.18/15, second half'],
  ['192.0.0.8', 'IETF protocol assignments 192.0.0/24'],
  ['192.0.2.10', 'documentation TEST-NET-1'],
  ['198.51.100.7', 'documentation TEST-NET-2'],
  ['203.0.113.5', 'documentation TEST-NET-3'],
  ['192.88.99.1', '6to4 relay anycast'],
  ['::1', 'IPv6 loopback'],
  ['::', 'IPv6 unspecified'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback in hex'],
  ['::ffff:10.1.2.3', 'IPv4-mapped private'],
  ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
  ['::7f00:1', 'IPv4-compatible loopback'],
  ['fd00::1', 'unique local fc00::/7'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local with a zone'],
  ['fec0::1', 'site-local fec0::/10'],
  ['ff02::1', 'multicast'],
  ['64:ff9b::a00:1', 'NAT64 wrapping 10.0.0.1'],
  ['64:ff9b::7f00:1', 'NAT64 wrapping 127.0.0.1'],
  ['2002:7f00:1::', '6to4 wrapping 127.0.0.1'],
  ['2002:a00:1::1', '6to4 wrapping 10.0.0.1'],
  ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'Teredo wrapping 10.0.0.1'],
  ['2001:db8::1', 'documentation'],
  ['100::1', 'discard-only'],
  ['::ffff:0:7f00:1', 'IPv4-translated (RFC 6145)'],
  ['localhost', 'a name, not an address'],
  ['127.1', 'shorthand, not an address'],
  ['', 'empty'],
  ['1.2.3', 'incomplete'],
];
const ALLOWED: Array<[string, string]> = [
  ['8.8.8.8', 'public IPv4'],
  ['157.240.22.35', "Meta's network"],
  ['172.32.0.1', 'just past 172.16/12'],
  ['100.128.0.1', 'just past CGNAT'],
  ['198.20.0.1', 'just past 198.18/15'],
  ['2001:4860:4860::8888', 'public IPv6'],
  ['2a03:2880:f10c:83:face:b00c:0:25de', "Meta's IPv6"],
  ['::ffff:8.8.8.8', 'IPv4-mapped public'],
  ['[2606:4700::1111]', 'bracketed IPv6 as in a URL'],
];

describe('isPublicAddress', () => {
  it.each(REFUSED)('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
  it.each(ALLOWED)('allows %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});
