// Who runs an execution's step. A claim (status `running`) records the customer's message the step
// answers and a fresh token. The process can die between the claim and the step's commit; the
// re-run of that same message (the inbox retries it) then takes the step over at once instead of
// finding the flow "busy" for minutes: it replaces the token, and only the token's holder may
// commit the step, so a slow first run that wakes up later stores nothing (and its messages,
// keyed by reply keys, are never queued twice).
import { randomUUID } from 'node:crypto';

export type StepClaim = { claimedFor: string | null; claimToken: string };

/** The columns a claim sets; `answering`: the customer's message id the step answers (none for timers). */
export function newStepClaim(answering?: string): StepClaim {
  return { claimedFor: answering ?? null, claimToken: randomUUID() };
}

/** The columns a stored step clears: nobody holds it any more. */
export const NO_STEP_CLAIM = { claimedFor: null, claimToken: null } as const;

/** The step was taken over by a re-run of its message while this run worked: this run stores nothing. */
export class StepTakenOverError extends Error {
  override name = 'StepTakenOverError';
}
