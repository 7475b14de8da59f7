// Exact decimal arithmetic for money and prices: values are bigints scaled by 10^18, parsed from
// and formatted to the decimal strings the database keeps (numeric on PostgreSQL, text on SQLite).
// Never floats: a price per million tokens times a token count must come out to the last digit.
export type Dec = bigint;

const SCALE = 18;
const ONE = 10n ** BigInt(SCALE);
export const DEC_ZERO: Dec = 0n;

/** "0.15" → 150000000000000000n. Throws on anything that is not a plain decimal. */
export function dec(value: string | number | bigint): Dec {
  if (typeof value === 'bigint') return value * ONE;
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new Error(`not a decimal number: "${value}"`);
  const fraction = (match[3] ?? '').padEnd(SCALE, '0');
  // Digits beyond the 18th are rounded half up.
  let units = BigInt(match[2] || '0') * ONE + BigInt(fraction.slice(0, SCALE) || '0');
  if (fraction.length > SCALE && Number(fraction[SCALE]) >= 5) units += 1n;
  return match[1] ? -units : units;
}

/** Fixed `places` decimals (10 = the database's scale), rounded half away from zero. */
export function formatDec(value: Dec, places = 10): string {
  const negative = value < 0n;
  let units = negative ? -value : value;
  const drop = 10n ** BigInt(SCALE - places);
  units = (units + drop / 2n) / drop;
  const digits = units.toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places);
  return `${negative && units !== 0n ? '-' : ''}${whole}${places > 0 ? `.${fraction}` : ''}`;
}

export const mulDec = (a: Dec, b: Dec): Dec => roundDiv(a * b, ONE);
export const divDec = (a: Dec, b: Dec): Dec => roundDiv(a * ONE, b);
/** Price per million tokens × tokens: exact (prices have at most 12 decimals). */
export const perMillion = (pricePerMillion: Dec, tokens: number): Dec => roundDiv(pricePerMillion * BigInt(tokens), 1_000_000n);
export const minDec = (a: Dec, b: Dec): Dec => (a < b ? a : b);
export const maxDec = (a: Dec, b: Dec): Dec => (a > b ? a : b);
/** Percentage of `part` in `whole` as a Dec (0 when there is no whole). */
export const percentOf = (part: Dec, whole: Dec): Dec => (whole <= 0n ? 0n : divDec(part * 100n, whole));
export const decToNumber = (value: Dec): number => Number(formatDec(value, 10));

function roundDiv(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n + d / 2n) / d;
  return negative ? -quotient : quotient;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const plain = String(value);
  return plain.includes('e') ? value.toFixed(SCALE) : plain;
}
