// The address Meta must reach this server at. By default the one the browser uses; behind a proxy
// or a tunnel the administrator types the public one, kept in this browser for next time.
const STORAGE_KEY = 'uzz.whatsappConnection.publicBaseUrl';

export function storedBaseUrl(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeBaseUrl(value: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Private mode or storage disabled: the address is simply not remembered.
  }
}

/** scheme://host[:port] of a typed address, or null when it is not an http(s) URL. */
export function originOf(value: string): string | null {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? `${url.origin}${url.pathname.replace(/\/+$/, '')}` : null;
  } catch {
    return null;
  }
}

/** Loopback and private addresses Meta's servers cannot call. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host === '::1' ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    /^0\.0\.0\.0$/.test(host)
  );
}
