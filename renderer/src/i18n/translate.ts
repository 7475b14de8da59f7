import type { Language } from './defineMessages';

export type Params = Record<string, string | number>;

/**
 * Looks a key up and fills `{name}` placeholders. A key with `_one`/`_other` variants picks one by
 * the `count` parameter with the language's plural rules.
 */
export function translate(catalog: Record<string, string>, language: Language, key: string, params?: Params): string {
  let template = catalog[key];
  if (params && typeof params.count === 'number') {
    const form = new Intl.PluralRules(language).select(params.count);
    template = catalog[`${key}_${form}`] ?? catalog[`${key}_other`] ?? template;
  }
  if (template === undefined) return key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString(language) : value;
  });
}
