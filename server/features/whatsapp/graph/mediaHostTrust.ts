// Where a media download may go, with the client's Meta token. The URL comes from the Graph API's
// answer for a media id (never from the webhook, which a tenant who knows its own app secret can
// sign with any URL in it). Two kinds of host are trusted:
// - the configured Graph host itself (WHATSAPP_GRAPH_URL, same scheme, host and port): set by the
//   platform operator, so exempt from the address check (the fake Graph API in server/dev lives
//   on loopback);
// - Meta's media CDNs over https, which still pass the connect-time address check.
// Anything else gets no request and no token.
export type MediaHostTrust = 'graph' | 'meta';

const META_MEDIA_HOSTS = new Set(['lookaside.fbsbx.com']);
const META_MEDIA_SUFFIXES = ['.fbcdn.net', '.whatsapp.net'];

export function mediaHostTrust(raw: string, graphUrl: string): MediaHostTrust | null {
  let url: URL;
  let graph: URL;
  try {
    url = new URL(raw);
    graph = new URL(graphUrl);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.origin === graph.origin) return 'graph';
  if (url.protocol !== 'https:' || url.port !== '') return null;
  const host = url.hostname.toLowerCase();
  return META_MEDIA_HOSTS.has(host) || META_MEDIA_SUFFIXES.some((suffix) => host.endsWith(suffix)) ? 'meta' : null;
}
