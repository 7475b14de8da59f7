// Column factories for the SQLite schema; twins of columns.pg.ts with the same TypeScript types.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { blob, customType, integer, text } from 'drizzle-orm/sqlite-core';
import { v7 as uuidv7 } from 'uuid';

const nowMs = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const id = () =>
  text()
    .primaryKey()
    .$defaultFn(() => randomUUID());
/** A key that sorts in creation order (UUIDv7, monotonic within a process), for logs listed by (created_at, id): rows of one millisecond keep their order. */
export const orderedId = () =>
  text()
    .primaryKey()
    .$defaultFn(() => uuidv7());
export const ref = () => text();
export const createdAt = () => integer({ mode: 'timestamp_ms' }).notNull().default(nowMs);
export const updatedAt = () =>
  integer({ mode: 'timestamp_ms' })
    .notNull()
    .default(nowMs)
    .$onUpdate(() => new Date());
export const ts = () => integer({ mode: 'timestamp_ms' });
export const bool = (name?: string) => (name ? integer(name, { mode: 'boolean' }) : integer({ mode: 'boolean' }));
export const json = <T>() => text({ mode: 'json' }).$type<T>();
/** SQLite has no exact decimal type: money is kept as its decimal text so nothing is rounded. */
export const money = () => text();
export const bigNumber = () => integer();
export const textList = () => text({ mode: 'json' }).$type<string[]>();

/** Float32 little-endian blob, the format sqlite-vec's functions read. */
export const vectorColumn = customType<{ data: number[]; driverData: Buffer }>({
  dataType: () => 'blob',
  toDriver: (value) => Buffer.from(new Float32Array(value).buffer),
  fromDriver: (value) => {
    const bytes = value as Buffer;
    return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
  },
});
export { blob };
export const tsDefaultNow = () => integer({ mode: 'timestamp_ms' }).notNull().default(nowMs);
/** Raw bytes, read and written as Buffer (bytea on PostgreSQL). */
export const bytes = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'blob',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array)),
});
