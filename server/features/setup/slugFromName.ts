// A client slug from a business name: "Padaria Pão Quente" → "padaria-pao-quente" (accents dropped,
// anything else a dash), within the slug rule of createClient (2-63 of [a-z0-9-], not starting with a dash).
export function slugFromName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return base.length >= 2 ? base : `client${base ? `-${base}` : ''}`;
}

/** The base slug, or base-2, base-3… : the first not in `taken`. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
