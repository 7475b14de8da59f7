// Calls one tRPC procedure over HTTP the way the renderer's link does (no transformer): a query as
// GET ?input=, a mutation as POST with a JSON body. For tests that need the real status code and the
// error exactly as a caller receives it (after the server's error formatting).
export type HttpAnswer = { status: number; body: unknown; text: string };

export async function trpcOverHttp(baseUrl: string, path: string, type: 'query' | 'mutation', input: unknown, token?: string | null): Promise<HttpAnswer> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const url = `${baseUrl}/trpc/${path}`;
  const response =
    type === 'query'
      ? await fetch(input === undefined ? url : `${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(url, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: input === undefined ? undefined : JSON.stringify(input),
        });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body, text };
}
