import { BUDGET_ON_LIMIT, BUDGET_PERIODS, BUDGET_TYPES, type BudgetOnLimit, type BudgetPeriod, type BudgetType } from '#shared/domain/statuses.js';
import type * as J from '../json-types.js';
import type { Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';
import type { ConversationsTables } from './conversations.js';
import type { GatewayTables } from './gateway.js';

// ── Budgets and pricing ──────────────────────────────────────────────────────────────────────
export const budgetsTables = (
  d: Dialect,
  {
    clients,
    conversations,
    aiModelsRegistry,
  }: Pick<IdentityTables, 'clients'> & Pick<ConversationsTables, 'conversations'> & Pick<GatewayTables, 'aiModelsRegistry'>,
) => {
  const { table, index, uniqueIndex, oneOf, text, integer, bigNumber, bool, createdAt, id, json, money, ref, ts, updatedAt } = d;

  const planBudgets = table(
    'plan_budgets',
    {
      id: id(),
      planName: text().notNull(),
      description: text(),
      budgetType: text().$type<BudgetType>().notNull().default('brl'),
      budgetPeriod: text().$type<BudgetPeriod>().notNull().default('monthly'),
      budgetLimit: money().notNull().default('0'),
      tokenLimit: bigNumber(),
      brlLimit: money(),
      alertThreshold80: bool('alert_threshold_80').notNull().default(true),
      alertThreshold90: bool('alert_threshold_90').notNull().default(true),
      alertThreshold100: bool('alert_threshold_100').notNull().default(true),
      pauseAtLimit: bool().notNull().default(false),
      onLimit: text().$type<BudgetOnLimit>().notNull().default('pause'),
      isActive: bool().notNull().default(true),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('plan_budgets_plan_name_key').on(t.planName),
      oneOf('plan_budgets_type_check', t.budgetType, BUDGET_TYPES),
      oneOf('plan_budgets_period_check', t.budgetPeriod, BUDGET_PERIODS),
      oneOf('plan_budgets_on_limit_check', t.onLimit, BUDGET_ON_LIMIT),
    ],
  );

  const clientBudgets = table(
    'client_budgets',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      planBudgetId: ref().references(() => planBudgets.id, { onDelete: 'set null' }),
      budgetType: text().$type<BudgetType>().notNull().default('brl'),
      budgetLimit: money().notNull().default('0'),
      budgetPeriod: text().$type<BudgetPeriod>().notNull().default('monthly'),
      currentUsage: money().notNull().default('0'),
      usagePercentage: money().notNull().default('0'),
      lastResetAt: ts(),
      nextResetAt: ts(),
      alertThreshold80: bool('alert_threshold_80').notNull().default(true),
      alertThreshold90: bool('alert_threshold_90').notNull().default(true),
      alertThreshold100: bool('alert_threshold_100').notNull().default(true),
      alertsSent: json<J.BudgetAlertsSent>().notNull().default({}),
      pauseAtLimit: bool().notNull().default(false),
      /** "pause": the bot stops calling models at the limit; "alert": it keeps answering and the 100 % alert goes out. */
      onLimit: text().$type<BudgetOnLimit>().notNull().default('pause'),
      /** Whether budget alerts also show in the app (a live event to the client's members), beside e-mail and webhook. */
      alertInApp: bool().notNull().default(true),
      isPaused: bool().notNull().default(false),
      notificationEmail: text(),
      inheritsFromPlan: bool().notNull().default(true),
      budgetMode: text().notNull().default('brl'),
      tokenLimit: bigNumber(),
      currentTokens: bigNumber().notNull().default(0),
      reservedTokens: bigNumber().notNull().default(0),
      brlLimit: money(),
      currentBrl: money().notNull().default('0'),
      reservedBrl: money().notNull().default('0'),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('client_budgets_client_key').on(t.clientId),
      oneOf('client_budgets_type_check', t.budgetType, BUDGET_TYPES),
      oneOf('client_budgets_period_check', t.budgetPeriod, BUDGET_PERIODS),
      oneOf('client_budgets_on_limit_check', t.onLimit, BUDGET_ON_LIMIT),
    ],
  );

  /**
   * One gateway call's reservation against its client's budget, while the call runs (its amounts are
   * also counted in client_budgets.reserved_*). The server instance that made it (owner) renews
   * expires_at while it lives; one that expired belongs to a process that is gone, and the next
   * reservation for that client reclaims it.
   */
  const budgetReservations = table(
    'budget_reservations',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      clientBudgetId: ref()
        .notNull()
        .references(() => clientBudgets.id, { onDelete: 'cascade' }),
      owner: text().notNull(),
      tokens: bigNumber().notNull().default(0),
      brl: money().notNull().default('0'),
      expiresAt: ts().notNull(),
      createdAt: createdAt(),
    },
    (t) => [index('budget_reservations_client_expires_idx').on(t.clientId, t.expiresAt), index('budget_reservations_owner_idx').on(t.owner)],
  );

  const pricingConfig = table(
    'pricing_config',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      modelRegistryId: ref().references(() => aiModelsRegistry.id, { onDelete: 'cascade' }),
      provider: text().notNull(),
      model: text().notNull(),
      promptPrice: money().notNull(),
      completionPrice: money().notNull(),
      cachedPromptPrice: money(),
      unit: text().notNull().default('per_million_tokens'),
      isActive: bool().notNull().default(true),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [uniqueIndex('pricing_config_client_model_key').on(t.clientId, t.provider, t.model)],
  );

  const usageLogs = table(
    'usage_logs',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      conversationId: ref().references(() => conversations.id, { onDelete: 'set null' }),
      phone: text(),
      source: text().notNull(),
      model: text(),
      promptTokens: integer().notNull().default(0),
      completionTokens: integer().notNull().default(0),
      tokensUsed: integer().notNull().default(0),
      costUsd: money().notNull().default('0'),
      costBrl: money().notNull().default('0'),
      metadata: json<J.JsonObject>().notNull().default({}),
      createdAt: createdAt(),
    },
    (t) => [index('usage_logs_client_created_idx').on(t.clientId, t.createdAt)],
  );

  return { planBudgets, clientBudgets, budgetReservations, pricingConfig, usageLogs };
};

export type BudgetsTables = ReturnType<typeof budgetsTables>;
