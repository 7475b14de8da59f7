// A job's life: queued (waiting for its run_at), running (a runner holds its lease), done, or dead
// (failed max_attempts times: kept with the reason, the dead letter an operator reads).
export const JOB_STATUSES = ['queued', 'running', 'done', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
