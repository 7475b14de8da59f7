// Password hashing with scrypt (memory-hard, in Node's standard library: no native module to
// rebuild for Electron). Stored as scrypt$N$r$p$salt$hash so parameters can be raised: a sign-in
// with a hash of older parameters stores a new one (needsRehash). Every hash goes through the
// bounded queue (passwordChecks.ts).
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { inPasswordQueue } from './passwordChecks.js';

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  inPasswordQueue(
    () => new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)))),
  );

export type ScryptCost = { N: number; r: number; p: number };
/** OWASP's Password Storage Cheat Sheet (2025): N=2^17, r=8, p=1 (128 MiB per hash). */
export const OWASP_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
let cost: ScryptCost = OWASP_COST;
// Largest parameters accepted when verifying (a stored hash is never trusted to ask for more).
const MAX_N = 2 ** 20;
const maxmemFor = (params: ScryptCost) => 128 * params.N * params.r * params.p + 32 * 1024 * 1024;

/**
 * The test harness hashes with cheaper parameters: thousands of test sign-ins at 128 MiB and a
 * second each would take the suite hours on a shared machine. Production never calls this.
 */
export function setHashCostForTests(params: ScryptCost): void {
  cost = params;
}
export const currentHashCost = (): ScryptCost => cost;

export const MIN_PASSWORD_LENGTH = 8;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const params = cost;
  const hash = await scrypt(password.normalize('NFKC'), salt, 32, { ...params, maxmem: maxmemFor(params) });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  // With no stored hash, still spend the time of a real check so response times do not reveal
  // which accounts exist.
  const parts = (stored ?? dummyHash()).split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, hashText] = parts as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!(params.N > 1 && params.N <= MAX_N && params.r >= 1 && params.r <= 32 && params.p >= 1 && params.p <= 16)) return false;
  const expected = Buffer.from(hashText, 'base64');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(saltText, 'base64'), expected.length, { ...params, maxmem: maxmemFor(params) });
  return stored !== null && timingSafeEqual(actual, expected);
}

/** Whether a stored hash was made with other parameters than today's (then it is replaced at sign-in). */
export function needsRehash(stored: string | null): boolean {
  if (!stored) return false;
  const [kind, n, r, p] = stored.split('$');
  return kind !== 'scrypt' || Number(n) !== cost.N || Number(r) !== cost.r || Number(p) !== cost.p;
}

const dummyHash = () => `scrypt$${cost.N}$${cost.r}$${cost.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
