// A gateway failure as the tRPC error a person can act on (budget exhausted, unknown model,
// provider down), never a 500.
import { TRPCError } from '@trpc/server';
import { GatewayError } from './gatewayError.js';

export function gatewayFailure(error: unknown, doing: string): unknown {
  if (!(error instanceof GatewayError)) return error;
  const message = `${doing}: ${error.message}`;
  switch (error.kind) {
    case 'budget_exceeded':
    case 'budget_paused':
      return new TRPCError({ code: 'TOO_MANY_REQUESTS', message, cause: error });
    case 'bad_request':
    case 'unknown_model':
      return new TRPCError({ code: 'BAD_REQUEST', message, cause: error });
    default:
      return new TRPCError({ code: 'BAD_GATEWAY', message, cause: error });
  }
}
