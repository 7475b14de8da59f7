/**
 * The policy every app page gets as a response header (stricter than the page's own meta tag can
 * be: frame-ancestors only works as a header). Scripts only from the app's origin, no eval, no
 * plugins, no framing; images and media also from https (WhatsApp media links) and blob:.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "media-src 'self' blob: https:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
