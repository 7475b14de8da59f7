// uzz budget set|show: a client's spending limit for model calls, through the budgets feature's
// own procedures (budgets.setClientBudget, budgets.get).
import { BUDGET_ON_LIMIT, BUDGET_PERIODS, BUDGET_TYPES } from '#shared/domain/statuses.js';
import { CliUsageError, clientOption, jsonOption, type CliCommand, type CliValues, str } from '../cliCommand.js';
import { withClient } from '../cliApp.js';
import { printFields, printJson } from '../output.js';

const THRESHOLDS = ['80', '90', '100'];

function alertsOf(values: CliValues): { alertThreshold80: boolean; alertThreshold90: boolean; alertThreshold100: boolean } {
  const given = str(values, 'alerts');
  const chosen = given === undefined ? THRESHOLDS : given === 'none' ? [] : given.split(',').map((part) => part.trim().replace(/%$/, ''));
  const wrong = chosen.filter((threshold) => !THRESHOLDS.includes(threshold));
  if (wrong.length)
    throw new CliUsageError(`budget set: --alerts takes 80, 90 and/or 100 separated by commas, or none (not ${wrong.join(', ')})`, 'budget set');
  return { alertThreshold80: chosen.includes('80'), alertThreshold90: chosen.includes('90'), alertThreshold100: chosen.includes('100') };
}

function tokensOf(values: CliValues): number | null {
  const given = str(values, 'tokens');
  if (given === undefined) return null;
  if (!/^[1-9]\d{0,14}$/.test(given)) throw new CliUsageError(`budget set: --tokens must be a whole number above zero (not "${given}")`, 'budget set');
  return Number(given);
}

function oneOf<T extends string>(values: CliValues, name: string, allowed: readonly T[]): T | undefined {
  const given = str(values, name);
  if (given !== undefined && !(allowed as readonly string[]).includes(given))
    throw new CliUsageError(`budget set: --${name} must be one of ${allowed.join(', ')}`, 'budget set');
  return given as T | undefined;
}

const set: CliCommand = {
  name: 'budget set',
  summary: "set a client's own spending limit for model calls, or return it to its plan's (--inherit)",
  options: {
    client: clientOption,
    inherit: { type: 'boolean', description: "use the limits of the client's plan instead of its own" },
    type: { type: 'string', value: `<${BUDGET_TYPES.join('|')}>`, description: 'what is limited: tokens, money (brl) or both (default brl)' },
    period: {
      type: 'string',
      value: `<${BUDGET_PERIODS.join('|')}>`,
      description: "when usage starts again from zero, in the client's time zone (default monthly)",
    },
    tokens: { type: 'string', value: '<count>', description: 'token limit per period (for --type tokens or both)' },
    brl: { type: 'string', value: '<amount>', description: 'limit in reais per period, e.g. 150.00 (for --type brl or both)' },
    alerts: { type: 'string', value: '<80,90,100|none>', description: 'usage percentages that send an alert (default 80,90,100)' },
    'on-limit': {
      type: 'string',
      value: `<${BUDGET_ON_LIMIT.join('|')}>`,
      description: 'at the limit: pause (with --pause-at-limit the bot stops) or alert only (the bot keeps answering); kept as it is when not given',
    },
    'pause-at-limit': {
      type: 'boolean',
      description: 'stop calling models (the bot hands over to people) when the limit is reached (not with --on-limit alert)',
    },
    'notify-email': { type: 'string', value: '<email>', description: 'where budget alerts are e-mailed' },
  },
  notes: [
    'Replaces the whole budget setting (options not given take their defaults, except --on-limit, which keeps its current value); usage so far in the period is kept.',
  ],
  examples: [
    'npx uzz budget set --client padaria --type brl --brl 150.00 --period monthly --pause-at-limit',
    'npx uzz budget set --client padaria --brl 150.00 --on-limit alert',
    'npx uzz budget set --client padaria --inherit',
  ],
  run: (values) => {
    const type = oneOf(values, 'type', BUDGET_TYPES) ?? 'brl';
    if (values.inherit !== true && type !== 'brl' && values.tokens === undefined)
      throw new CliUsageError(`budget set: --type ${type} needs --tokens <count>`, 'budget set');
    if (values.inherit !== true && type !== 'tokens' && values.brl === undefined)
      throw new CliUsageError(`budget set: --type ${type} needs --brl <amount>`, 'budget set');
    const onLimit = oneOf(values, 'on-limit', BUDGET_ON_LIMIT);
    if (onLimit === 'alert' && values['pause-at-limit'] === true)
      throw new CliUsageError('budget set: --pause-at-limit does not go with --on-limit alert (an alert-only budget never pauses the bot)', 'budget set');
    const input = {
      inheritsFromPlan: values.inherit === true,
      budgetType: type,
      budgetPeriod: oneOf(values, 'period', BUDGET_PERIODS),
      tokenLimit: tokensOf(values),
      brlLimit: str(values, 'brl') ?? null,
      ...alertsOf(values),
      pauseAtLimit: values['pause-at-limit'] === true,
      ...(values['notify-email'] !== undefined ? { notificationEmail: str(values, 'notify-email') } : {}),
    };
    return withClient('budget set', str(values, 'client')!, async ({ client, caller }) => {
      // Without --on-limit the budget keeps what it does at the limit now (its own or its plan's).
      const current = onLimit ?? (await caller.budgets.get())?.onLimit ?? 'pause';
      await caller.budgets.setClientBudget({ clientId: client.id, ...input, onLimit: current });
      const budget = await caller.budgets.get();
      process.stdout.write(
        input.inheritsFromPlan ? `budget of ${client.slug}: the plan's (${budget?.plan ?? 'none'})\n` : `budget of ${client.slug}: ${describeLimit(budget)}\n`,
      );
      return 0;
    });
  },
};

/** Exact decimal strings (10 places) shown with at least two: "150.0000000000" → "150.00". */
const money = (value: string) => value.replace(/(\.\d\d\d*?)0+$/, '$1');

type Budget = { type: string; period: string; tokenLimit: number | null; brlLimit: string | null } | null;
const describeLimit = (budget: Budget) =>
  budget
    ? `${[budget.brlLimit !== null && budget.type !== 'tokens' ? `R$ ${money(budget.brlLimit)}` : null, budget.tokenLimit !== null && budget.type !== 'brl' ? `${budget.tokenLimit} tokens` : null].filter(Boolean).join(' and ')} ${budget.period}`
    : 'none';

const show: CliCommand = {
  name: 'budget show',
  summary: "show a client's budget: limits, usage in the current period, alerts sent, whether it is paused",
  options: { client: clientOption, json: jsonOption },
  examples: ['npx uzz budget show --client padaria --json'],
  run: (values) =>
    withClient('budget show', str(values, 'client')!, async ({ client, caller }) => {
      const budget = await caller.budgets.get();
      if (values.json) printJson(budget);
      else if (!budget) process.stdout.write(`${client.slug} has no budget (none of its own, and its plan has none)\n`);
      else {
        printFields([
          ['limit', describeLimit(budget)],
          ['from plan', budget.inheritsFromPlan ? budget.plan : null],
          ['used', `R$ ${money(budget.currentBrl)}, ${budget.currentTokens} tokens (${budget.usagePercentage}%)`],
          ['reserved', `R$ ${money(budget.reservedBrl)}, ${budget.reservedTokens} tokens`],
          ['period started', budget.lastResetAt],
          ['next reset', budget.nextResetAt],
          ['time zone', budget.timeZone],
          ['alerts at', budget.thresholds.map((level) => `${level}%`)],
          ['alerts sent', budget.alertsSent],
          ['pause at limit', budget.pauseAtLimit],
          ['paused', budget.isPaused],
          ['alert e-mail', budget.notificationEmail],
        ]);
      }
      return 0;
    }),
};

export const budgetCommands = [set, show];
