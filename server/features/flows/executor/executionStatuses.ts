import type { FlowExecutionStatus } from '#shared/domain/statuses.js';

/** Statuses of an execution that still holds its conversation (the partial unique index allows one). */
export const ACTIVE_EXECUTION_STATUSES = ['running', 'waiting_input', 'waiting_delay'] as const satisfies readonly FlowExecutionStatus[];
