// How many sign-in attempts an account (or an unknown email) gets before it must wait, and how
// long: the delay doubles with each used-up budget (1, 2, 4, 8 minutes), never more than 15.
export const ATTEMPT_BUDGET = 5;
export const FIRST_DELAY_MINUTES = 1;
export const MAX_DELAY_MINUTES = 15;

/** The delay after the `round`-th used-up budget (1-based). */
export const delayMinutes = (round: number) => Math.min(MAX_DELAY_MINUTES, FIRST_DELAY_MINUTES * 2 ** Math.max(0, round - 1));
