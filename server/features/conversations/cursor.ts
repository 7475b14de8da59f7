// Opaque keyset cursors ("<epoch ms>|<id>"): stable under inserts, unlike offsets.
import { TRPCError } from '@trpc/server';

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.getTime()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [ms, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = Number(ms);
  if (!id || !Number.isFinite(at)) throw new TRPCError({ code: 'BAD_REQUEST', message: 'invalid cursor' });
  return { at: new Date(at), id };
}
