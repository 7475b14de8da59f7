// POSTs a webhook body the way Meta does: raw bytes, X-Hub-Signature-256 over exactly those bytes.
import { createHmac } from 'node:crypto';

export async function signedPost(url: string, body: string | Buffer, appSecret: string, headers: Record<string, string> = {}): Promise<Response> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const signature = `sha256=${createHmac('sha256', appSecret).update(bytes).digest('hex')}`;
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature, ...headers },
    body: new Uint8Array(bytes),
  });
}

/** JSON as Meta writes it on the wire: non-ASCII as lowercase \uXXXX escapes and "/" as "\/". */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}
