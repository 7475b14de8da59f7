// A TRPCError that names its reason (shared/domain/errorReasons.ts): the reason travels as the
// error's cause and formatTrpcError copies it into the data the client receives.
import { TRPCError } from '@trpc/server';
import type { ErrorReason } from '#shared/domain/errorReasons.js';

export class ReasonedCause extends Error {
  constructor(readonly reason: ErrorReason) {
    super(reason);
  }
}

export function refusal(code: TRPCError['code'], reason: ErrorReason, message: string): TRPCError {
  return new TRPCError({ code, message, cause: new ReasonedCause(reason) });
}
