// Calls the server's tRPC API over plain HTTP from a test (setting up data an admin would make).
export async function trpcMutation<T>(baseUrl: string, path: string, input: unknown, token?: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!response.ok || !body.result) throw new Error(`${path} failed (${response.status}): ${body.error?.message}`);
  return body.result.data;
}

export async function trpcQuery<T>(baseUrl: string, path: string, input: unknown, token?: string): Promise<T> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${baseUrl}/trpc/${path}${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!response.ok || !body.result) throw new Error(`${path} failed (${response.status}): ${body.error?.message}`);
  return body.result.data;
}

export const signInOverApi = async (baseUrl: string, email: string, password: string) =>
  (await trpcMutation<{ token: string }>(baseUrl, 'auth.login', { email, password })).token;
