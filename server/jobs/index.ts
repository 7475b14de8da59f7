// The durable job runner (see createJobRunner.ts): the app builds one (`app.jobs`), features
// register handlers by type and enqueue inside their own transactions.
export { createJobRunner, type JobRunner, type JobRunnerOptions } from './createJobRunner.js';
export { retryDelayMs } from './backoff.js';
export { JOB_STATUSES, type JobStatus } from './jobStatuses.js';
export { PermanentJobError, type JobHandler, type JobMetrics, type JobSpec, type JobTypeOptions, type RunningJob } from './jobTypes.js';
export { jobsSettled } from './jobsSettled.js';
export { createDriveLoop, type DriveLoop, type DriveLoopOptions, type PassOutcome, type PassTrigger } from './driveLoop.js';
