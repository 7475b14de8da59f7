// A budget's settings as people edit them, shared by the server's validation (budgets router) and
// the settings forms: the limits the platform sets per plan or per client, and where a client's
// alerts go. Messages are plain English for API callers; the forms say them in the reader's language.
import { z } from 'zod';
import { safeText } from '../domain/safeText.js';
import { BUDGET_ON_LIMIT, BUDGET_PERIODS, BUDGET_TYPES } from '../domain/statuses.js';

export const moneyText = safeText()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,10})?$/, 'an amount such as 150.00');

/** The limit fields (a plan's or a client's own), defaults filled in. */
export const budgetLimitFields = {
  budgetType: z.enum(BUDGET_TYPES, { error: 'the mode is tokens, brl or both' }),
  budgetPeriod: z.enum(BUDGET_PERIODS, { error: 'the period is daily, weekly or monthly' }),
  tokenLimit: z.number('a whole number of tokens').int('a whole number of tokens').positive('more than 0 tokens').nullable().default(null),
  brlLimit: moneyText.nullable().default(null),
  alertThreshold80: z.boolean().default(true),
  alertThreshold90: z.boolean().default(true),
  alertThreshold100: z.boolean().default(true),
  pauseAtLimit: z.boolean().default(false),
  onLimit: z.enum(BUDGET_ON_LIMIT, { error: 'at the limit the bot either pauses or only alerts ("pause" or "alert")' }).default('pause'),
};

export const LIMITS_MESSAGE = 'a tokens budget needs tokenLimit, a brl budget needs brlLimit, both needs both';
/** Whether the limits the mode counts are given. */
export const hasNeededLimits = (input: { budgetType: string; tokenLimit: number | null; brlLimit: string | null }) =>
  (input.budgetType === 'brl' || input.tokenLimit !== null) && (input.budgetType === 'tokens' || input.brlLimit !== null);

/** The platform's budget for one client: its plan's, or its own limits. */
export const clientBudgetSchema = z
  .strictObject({
    inheritsFromPlan: z.boolean(),
    ...budgetLimitFields,
    budgetType: budgetLimitFields.budgetType.default('brl'),
    budgetPeriod: budgetLimitFields.budgetPeriod.default('monthly'),
  })
  .refine((input) => input.inheritsFromPlan || hasNeededLimits(input), { message: LIMITS_MESSAGE, path: ['limits'] });

/** Where a client's budget alerts go (each optional: only the ones given change). */
export const alertDestinationFields = {
  notificationEmail: z.email('not a valid e-mail address').nullable().optional(),
  notificationWebhookUrl: z
    .url({ protocol: /^https?$/, error: 'the alert webhook must be an http(s) URL' })
    .nullable()
    .optional(),
  /** Alerts also shown in the app (needs a budget: there is nothing to alert about without one). */
  alertInApp: z.boolean().optional(),
};
export const alertDestinationsSchema = z.strictObject(alertDestinationFields);
