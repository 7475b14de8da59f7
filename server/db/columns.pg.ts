// Column factories for the PostgreSQL schema. schema.sqlite.ts has a twin of each with the same
// TypeScript type, which is what lets the data-access code be written once (see parity.ts).
import { randomUUID } from 'node:crypto';
import { bigint, boolean, customType, jsonb, numeric, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';

export const id = () =>
  uuid()
    .primaryKey()
    .$defaultFn(() => randomUUID());
/** A key that sorts in creation order (UUIDv7, monotonic within a process), for logs listed by (created_at, id): rows of one millisecond keep their order. */
export const orderedId = () =>
  uuid()
    .primaryKey()
    .$defaultFn(() => uuidv7());
export const ref = () => uuid();
export const createdAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true, mode: 'date' })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const ts = () => timestamp({ withTimezone: true, mode: 'date' });
export const bool = (name?: string) => (name ? boolean(name) : boolean());
export const json = <T>() => jsonb().$type<T>();
/** Money and rates: exact decimals, read and written as strings, never floats. */
export const money = () => numeric({ precision: 24, scale: 10 });
export const bigNumber = () => bigint({ mode: 'number' });
export const textList = () => text().array();

/** pgvector without a fixed dimension: the dimension follows the configured embedding model. */
export const vectorColumn = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'vector',
  toDriver: (value) => `[${value.join(',')}]`,
  fromDriver: (value) => (typeof value === 'string' ? (JSON.parse(value) as number[]) : (value as number[])),
});
export const tsDefaultNow = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
/** Raw bytes (bytea), read and written as Buffer. */
export const bytes = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
