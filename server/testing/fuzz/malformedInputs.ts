// Malformed inputs for one procedure: whole-input garbage, then the procedure's plausible input
// with one field at a time replaced by a bad value (wrong type, NUL, unpaired surrogate, huge,
// not a uuid, negative or huge number, deeply nested). Sampled deterministically per procedure so
// the test stays fast and reruns the same calls.
const NESTED = (depth: number) => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
};

export type Malformed = { label: string; input: unknown };

export function malformedInputs(sample: unknown, options: { limit: number; seed: string; forUrl: boolean }): Malformed[] {
  const huge = 'x'.repeat(options.forUrl ? 1_500 : 200_000);
  const nested = NESTED(options.forUrl ? 60 : 3_000);
  const whole: Malformed[] = [
    { label: 'undefined', input: undefined },
    { label: '{}', input: {} },
    { label: 'a string with NUL', input: 'a\u0000b' },
    { label: 'an array', input: [1, 'two'] },
    { label: 'sample', input: sample },
    { label: 'deep object', input: nested },
  ];
  if (isObject(sample)) whole.push({ label: 'sample + NUL and lone surrogate in an extra key', input: { ...sample, 'extra\u0000': 'x\uDC00' } });
  const bad = (value: unknown): Array<[string, unknown]> => {
    if (typeof value === 'number')
      return [
        ['negative', -1],
        ['huge number', 1e308],
        ['fraction', 1.5],
        ['string for number', '12'],
        ['null', null],
      ];
    if (typeof value === 'boolean')
      return [
        ['string for boolean', 'yes'],
        ['null', null],
      ];
    return [
      ['not a uuid', 'not-a-uuid'],
      ['NUL', 'x\u0000y'],
      ['lone surrogate', 'a\uD800'],
      ['huge string', huge],
      ['empty', ''],
      ['number for string', 123],
      ['null', null],
      ['object', { nested }],
      ['array', ['a']],
    ];
  };
  const perField: Malformed[] = [];
  for (const [path, value] of leaves(sample)) {
    for (const [label, replacement] of bad(value)) perField.push({ label: `${path || '(input)'}: ${label}`, input: replaced(sample, path, replacement) });
  }
  return [...whole.slice(0, options.limit), ...pick(perField, Math.max(0, options.limit - whole.length), options.seed)];
}

function leaves(value: unknown, path = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, join(path, String(index))));
  if (isObject(value)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? [[path, value]] : entries.flatMap(([key, item]) => leaves(item, join(path, key)));
  }
  return [[path, value]];
}

function replaced(sample: unknown, path: string, replacement: unknown): unknown {
  if (!path) return replacement;
  const copy = structuredClone(sample) as Record<string, unknown>;
  const keys = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = replacement;
  return copy;
}

/** `count` items spread over the list, starting at an offset derived from the seed. */
function pick<T>(items: T[], count: number, seed: string): T[] {
  if (items.length <= count) return items;
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const step = items.length / count;
  return Array.from({ length: count }, (_, index) => items[Math.floor((hash % Math.max(1, Math.floor(step))) + index * step) % items.length]!);
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
