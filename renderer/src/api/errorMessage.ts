import { TRPCClientError } from '@trpc/client';
import type { ErrorReason } from '#shared/domain/errorReasons.js';

type ErrorData = { code?: string; httpStatus?: number; issues?: { path: string; message: string }[]; reason?: ErrorReason };

const dataOf = (error: unknown): ErrorData | null =>
  error instanceof TRPCClientError && error.data && typeof error.data === 'object' ? (error.data as ErrorData) : null;

/** The server's readable reason (validation issues joined), or the network error's message. */
export function errorMessage(error: unknown): string {
  const issues = dataOf(error)?.issues;
  if (issues?.length) return issues.map((issue) => issue.message).join('; ');
  if (error instanceof Error) return error.message;
  return String(error);
}

export const errorCode = (error: unknown): string | null => dataOf(error)?.code ?? null;

/** What kind of refusal it is, where one code covers several (shared/domain/errorReasons.ts). */
export const errorReason = (error: unknown): ErrorReason | null => dataOf(error)?.reason ?? null;
