import type { Tables } from '#server/db/tables.js';

/** errorDetails.pausedBy of an execution a takeover paused (flowControl.ts): it resumes into the block it waited at. */
export const PAUSED_BY_TAKEOVER = 'takeover';

export const isPausedByTakeover = (execution: Pick<Tables['flowExecutions']['$inferSelect'], 'status' | 'errorDetails'>) =>
  execution.status === 'handed_off' && execution.errorDetails?.pausedBy === PAUSED_BY_TAKEOVER;
