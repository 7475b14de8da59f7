// Admission before a model call: the worst case (prompt tokens counted as an upper bound, plus
// the output the call may produce) is reserved against the client's budget under the row lock, so
// concurrent calls can never together spend more than the limit. When the remaining budget cannot
// cover the requested output, the output allowed is lowered to what fits (the caller sends that
// as max_tokens); below the minimum the call is refused, which is what "at the limit" means.
// A budget whose on_limit is "alert" refuses nothing: at the limit the 100 % alert is raised
// (once a period) and the call goes on with the output it asked for.
// It works on the row as locked in this transaction (lockClientBudget), in memory: several calls
// can reserve one after the other under one lock, and saveBudget writes the row once.
// Each reservation also gets its own budget_reservations row (added to `locked.added`, inserted by
// saveBudget) with an owner and an expiry, so one leaked by a crash can be reclaimed
// (reservationLeases.ts).
import { randomUUID } from 'node:crypto';
import { dec, DEC_ZERO, formatDec, mulDec, type BudgetReservation, type ReserveRequest, type ReserveResult } from '../gateway/index.js';
import type { BudgetClientInfo, LockedBudget } from './lockClientBudget.js';
import { newlyCrossed, usagePercentage } from './budgetThresholds.js';
import { alertFor } from './alertFor.js';

export type { BudgetReservation, ReserveRequest, ReserveResult };

/** `locked`: the client's budget row locked in this transaction (null: the client has no budget). */
export function reserveBudget(locked: LockedBudget | null, clientId: string, request: ReserveRequest, now: Date, client?: BudgetClientInfo): ReserveResult {
  if (!locked) {
    return {
      ok: true,
      outputTokens: request.maxOutputTokens,
      reservation: { id: null, clientId, budgetId: null, periodStart: null, tokens: 0, brl: DEC_ZERO, client },
    };
  }
  const { row, budget } = locked;
  if (row.isPaused)
    return {
      ok: false,
      reason: 'paused',
      alerts: [],
      message: 'the AI budget for this period is used up and calls are paused until an administrator lifts the pause or the period resets',
    };

  let output = request.maxOutputTokens;
  if (budget.tokenLimit !== null) {
    const headroom = budget.tokenLimit - row.currentTokens - row.reservedTokens - request.fixedTokens;
    output = Math.min(output, headroom);
  }
  if (budget.brlLimit !== null) {
    const headroom = budget.brlLimit - dec(row.currentBrl) - dec(row.reservedBrl) - request.fixedBrl;
    if (headroom < 0n) output = -1;
    else if (request.outputTokenBrl > 0n) output = Math.min(output, Number(headroom / request.outputTokenBrl));
  }
  if (output < request.minOutputTokens && budget.onLimit === 'alert') {
    const crossed = newlyCrossed(budget, usagePercentage(budget, row.currentTokens, dec(row.currentBrl)), row.alertsSent, true);
    if (crossed.length > 0) {
      const sent = { ...row.alertsSent };
      for (const threshold of crossed) sent[String(threshold)] = now.toISOString();
      locked.row = { ...row, alertsSent: sent };
      locked.dirty = true;
      for (const threshold of crossed) alertFor(locked, threshold, false);
    }
    output = request.maxOutputTokens;
  } else if (output < request.minOutputTokens) {
    // The limit is reached: the 100 % alert fires now (once) and, with pause_at_limit, the pause starts.
    const sent = { ...row.alertsSent };
    const crossed = newlyCrossed(budget, usagePercentage(budget, row.currentTokens, dec(row.currentBrl)), sent, true);
    const pause = budget.pauseAtLimit && !row.isPaused;
    for (const threshold of crossed) sent[String(threshold)] = now.toISOString();
    if (crossed.length > 0 || pause) {
      locked.row = { ...row, alertsSent: sent, isPaused: row.isPaused || budget.pauseAtLimit };
      locked.dirty = true;
    }
    const alerts = crossed.map((threshold) => alertFor(locked, threshold, row.isPaused || budget.pauseAtLimit));
    return { ok: false, reason: 'exhausted', alerts, message: 'the AI budget for this period is used up' };
  }
  const tokens = request.fixedTokens + output;
  const brl = request.fixedBrl + mulDec(request.outputTokenBrl, dec(output));
  const current = locked.row;
  locked.row = { ...current, reservedTokens: current.reservedTokens + tokens, reservedBrl: formatDec(dec(current.reservedBrl) + brl, 10) };
  locked.dirty = true;
  const id = randomUUID();
  (locked.added ??= []).push({ id, tokens, brl });
  return {
    ok: true,
    outputTokens: output,
    reservation: { id, clientId, budgetId: row.id, periodStart: row.lastResetAt?.getTime() ?? null, tokens, brl, client },
  };
}
