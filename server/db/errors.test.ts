// Which errors are database trouble (retried) and which are not (a bug or bad data, not retried).
import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { isDatabaseError, TransientDatabaseError } from './errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseError', () => {
  it('recognises pool timeouts, lost connections, serialization failures, deadlocks and SQLite busy, also when wrapped', () => {
    for (const error of [
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout', { cause: new Error('x') }),
      withCode('could not serialize access due to concurrent update', '40001'),
      withCode('deadlock detected', '40P01'),
      withCode('sorry, too many clients already', '53300'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('database is locked', 'SQLITE_BUSY'),
      withCode('database table is locked', 'SQLITE_LOCKED_SHAREDCACHE'),
      new DrizzleQueryError('update "client_budgets" …', [], withCode('deadlock detected', '40P01')),
      new TransientDatabaseError('the pool is gone'),
    ])
      expect(isDatabaseError(error), String(error)).toBe(true);
  });

  it('leaves bugs and bad data alone: constraint violations, syntax errors, anything else', () => {
    for (const error of [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('syntax error at or near "selec"', '42601'),
      withCode('UNIQUE constraint failed: users.email', 'SQLITE_CONSTRAINT_UNIQUE'),
      new DrizzleQueryError('insert …', [], withCode('null value in column', '23502')),
      new Error('the model answered with no text'),
      null,
      undefined,
      'timeout exceeded when trying to connect',
    ])
      expect(isDatabaseError(error), String(error)).toBe(false);
  });
});
