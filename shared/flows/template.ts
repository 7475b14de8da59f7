// `{{variable}}` placeholders in texts, URLs, headers and prompts. A dotted name reads into an
// object (`{{order.items.0.name}}`, from an HTTP response). Missing values become empty text, so a
// customer never sees a raw placeholder.
export type Variables = Record<string, unknown>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

/** `encode` escapes each value for where the text goes (an HTTP block's URL, body...); see httpTemplates.ts. */
export function renderTemplate(text: string, variables: Variables, encode: (value: unknown) => string = formatValue): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => encode(readVariable(variables, name)));
}

/** Each placeholder of `text` with its position, for renderers that depend on the context around it. */
export function templatePlaceholders(text: string): Array<{ index: number; length: number; name: string }> {
  return [...text.matchAll(PLACEHOLDER)].map((match) => ({ index: match.index, length: match[0].length, name: match[1]! }));
}

/** The root variable names a text refers to (for the validator's unknown-variable check). */
export function templateVariables(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!.split('.')[0]!);
}

export function readVariable(variables: Variables, path: string): unknown {
  let value: unknown = variables;
  for (const part of path.split('.')) {
    // Own properties only: a name like `constructor` must never reach into prototypes.
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
