import { TRPCError } from '@trpc/server';

/** A file the knowledge base cannot read: the uploader gets this reason, never a 500. */
export const invalidDocument = (fileName: string, reason: string) => new TRPCError({ code: 'BAD_REQUEST', message: `${fileName}: ${reason}` });
