/**
 * Matches `/inbox/:conversationId?` style patterns against a pathname; returns the parameters or
 * null. Parameters are URI-decoded; a trailing `?` makes a segment optional.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  if (have.length > want.length) return null;
  for (let index = 0; index < want.length; index++) {
    const segment = want[index]!;
    const value = have[index];
    if (segment.startsWith(':')) {
      const optional = segment.endsWith('?');
      const name = segment.slice(1, optional ? -1 : undefined);
      if (value === undefined) {
        if (optional) continue;
        return null;
      }
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (segment !== value) {
      return null;
    }
  }
  return params;
}
