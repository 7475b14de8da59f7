import net from 'node:net';

/**
 * Loopback, link-local (cloud metadata lives at 169.254.169.254), private, carrier-grade NAT,
 * unspecified and multicast addresses: a flow's HTTP block must not reach into the server's own
 * network unless the platform allows it (config.allowPrivateNetwork).
 */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return isPrivateV4(address);
  if (family === 6) {
    const lower = address.toLowerCase();
    const mapped = /^(?:0*:)*(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower) ?? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped) return isPrivateV4(mapped[1]!);
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
    if (hex) {
      const high = parseInt(hex[1]!, 16);
      const low = parseInt(hex[2]!, 16);
      return isPrivateV4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
    }
    if (lower === '::' || lower === '::1') return true;
    const first = parseInt(lower.split(':')[0] || '0', 16);
    return (first & 0xfe00) === 0xfc00 // unique local fc00::/7
      || (first & 0xffc0) === 0xfe80 // link-local fe80::/10
      || (first & 0xff00) === 0xff00; // multicast
  }
  return true; // not an address at all: refuse
}

function isPrivateV4(address: string): boolean {
  const [a, b] = address.split('.').map(Number) as [number, number];
  return a === 0 || a === 10 || a === 127 || a >= 224
    || (a === 169 && b === 254)
    || (a === 172 && b >= 16 && b <= 31)
    || (a === 192 && b === 168)
    || (a === 100 && b >= 64 && b <= 127);
}
