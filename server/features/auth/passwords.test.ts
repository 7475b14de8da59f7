// Not through a server on purpose: the test harness lowers the cost, this file checks the
// parameters production uses.
import { describe, expect, it } from 'vitest';
import { currentHashCost, hashPassword, needsRehash, OWASP_COST, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it("uses OWASP's scrypt parameters (N=2^17, r=8, p=1) by default and verifies them", async () => {
    expect(OWASP_COST).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(currentHashCost()).toEqual(OWASP_COST);
    const stored = await hashPassword('a long enough password');
    expect(stored.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(needsRehash(stored)).toBe(false);
    await expect(verifyPassword('a long enough password', stored)).resolves.toBe(true);
    await expect(verifyPassword('another password', stored)).resolves.toBe(false);
  });

  it('marks hashes of older parameters for a rehash and refuses absurd stored parameters', async () => {
    expect(needsRehash(`scrypt$32768$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`)).toBe(true);
    await expect(verifyPassword('x', `scrypt$${2 ** 30}$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`)).resolves.toBe(
      false,
    );
  });
});
