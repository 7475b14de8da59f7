// tRPC for budgets: plans and client limits (platform administrators), where alerts go and lifting
// a pause and the current period's figures (client admins: spend is theirs to see, see the README).
import { TRPCError } from '@trpc/server';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { alertDestinationFields, budgetLimitFields, hasNeededLimits, LIMITS_MESSAGE } from '#shared/budgets/budgetSettings.js';
import { platformAdminProcedure, router, withRole } from '#server/trpc/trpc.js';
import { dec, formatDec } from '../gateway/index.js';
import { budgetClock } from './budgetClock.js';
import { periodBounds } from './budgetPeriods.js';
import { effectiveBudget } from './effectiveBudget.js';
import { lockClientBudget } from './lockClientBudget.js';
import { webhookSigningKey } from './webhookSigningKey.js';
import { assertWebhookUrlAllowed } from './assertWebhookUrlAllowed.js';

const limits = budgetLimitFields;
const needsLimits = hasNeededLimits;
const limitsMessage = LIMITS_MESSAGE;

export const budgetsRouter = router({
  get: withRole('admin')
    .input(z.object({ clientId: z.string().uuid().optional() }).optional())
    .query(async ({ ctx }) => {
      return ctx.app.db.tenant(ctx.clientId, async (tx) => {
        const locked = await lockClientBudget(ctx.app, tx, ctx.clientId, budgetClock(ctx.app).now());
        if (!locked) return null;
        const { row, budget } = locked;
        return {
          id: row.id,
          inheritsFromPlan: row.inheritsFromPlan,
          plan: locked.plan?.planName ?? null,
          type: budget.type,
          period: budget.period,
          tokenLimit: budget.tokenLimit,
          brlLimit: budget.brlLimit === null ? null : formatDec(budget.brlLimit),
          currentTokens: row.currentTokens,
          currentBrl: formatDec(dec(row.currentBrl)),
          reservedTokens: row.reservedTokens,
          reservedBrl: formatDec(dec(row.reservedBrl)),
          usagePercentage: formatDec(dec(row.usagePercentage), 2),
          lastResetAt: row.lastResetAt,
          nextResetAt: row.nextResetAt,
          alertsSent: row.alertsSent,
          thresholds: budget.thresholds,
          pauseAtLimit: budget.pauseAtLimit,
          onLimit: budget.onLimit,
          alertInApp: row.alertInApp,
          isPaused: row.isPaused,
          notificationEmail: row.notificationEmail,
          timeZone: locked.timeZone,
        };
      });
    }),

  /** A client's own limits (inheritsFromPlan: false) or back to its plan's. Usage so far is kept. */
  setClientBudget: platformAdminProcedure
    .input(
      z
        .strictObject({
          clientId: z.string().uuid(),
          inheritsFromPlan: z.boolean(),
          ...limits,
          budgetType: limits.budgetType.default('brl'),
          budgetPeriod: limits.budgetPeriod.default('monthly'),
          notificationEmail: z.email().nullable().optional(),
        })
        .refine((input) => input.inheritsFromPlan || needsLimits(input), limitsMessage),
    )
    .mutation(async ({ ctx, input }) => {
      const { clientBudgets, clients, planBudgets } = ctx.app.db.t;
      const row = await ctx.app.db.tenant(input.clientId, async (tx) => {
        const [client] = await tx.select({ plan: clients.plan, timezone: clients.timezone }).from(clients).where(eq(clients.id, input.clientId));
        if (!client) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such client' });
        const [plan] = await tx.select().from(planBudgets).where(eq(planBudgets.planName, client.plan));
        if (input.inheritsFromPlan && !plan) throw new TRPCError({ code: 'BAD_REQUEST', message: `plan "${client.plan}" has no budget to inherit` });
        const values = {
          clientId: input.clientId,
          planBudgetId: plan?.id ?? null,
          inheritsFromPlan: input.inheritsFromPlan,
          budgetType: input.budgetType,
          // budget_mode is the older name of the same setting: kept equal so nothing reads a stale one.
          budgetMode: input.budgetType,
          budgetPeriod: input.budgetPeriod,
          tokenLimit: input.tokenLimit,
          brlLimit: input.brlLimit,
          budgetLimit: input.budgetType === 'tokens' ? String(input.tokenLimit ?? 0) : (input.brlLimit ?? '0'),
          alertThreshold80: input.alertThreshold80,
          alertThreshold90: input.alertThreshold90,
          alertThreshold100: input.alertThreshold100,
          pauseAtLimit: input.pauseAtLimit,
          onLimit: input.onLimit,
          ...(input.notificationEmail !== undefined ? { notificationEmail: input.notificationEmail } : {}),
        };
        await tx.insert(clientBudgets).values(values).onConflictDoUpdate({ target: clientBudgets.clientId, set: values });
        const [saved] = await tx.select().from(clientBudgets).where(eq(clientBudgets.clientId, input.clientId));
        // The period follows the (possibly new) setting; usage so far stays.
        const budget = effectiveBudget(saved!, input.inheritsFromPlan ? (plan ?? null) : null);
        const bounds = periodBounds(budgetClock(ctx.app).now(), budget.period, client.timezone);
        const [updated] = await tx
          .update(clientBudgets)
          .set({ lastResetAt: bounds.start, nextResetAt: bounds.next })
          .where(eq(clientBudgets.id, saved!.id))
          .returning();
        return updated!;
      });
      // A platform administrator's change to a client's budget belongs in that client's audit log too.
      ctx.audit.clientId = input.clientId;
      ctx.audit.resourceId = row.id;
      return { id: row.id };
    }),

  /** Lets the bot call models again after pause_at_limit stopped it. */
  resume: withRole('admin')
    .input(z.object({ clientId: z.string().uuid().optional() }).optional())
    .mutation(async ({ ctx }) => {
      const { clientBudgets } = ctx.app.db.t;
      const [row] = await ctx.app.db.tenant(ctx.clientId, (tx) =>
        tx.update(clientBudgets).set({ isPaused: false }).where(eq(clientBudgets.clientId, ctx.clientId)).returning({ id: clientBudgets.id }),
      );
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'this client has no budget' });
      ctx.audit.resourceId = row.id;
      return { ok: true };
    }),

  setNotifications: withRole('admin')
    .input(
      z
        .strictObject({
          clientId: z.string().uuid().optional(),
          ...alertDestinationFields,
        })
        .refine(
          (input) => input.notificationEmail !== undefined || input.notificationWebhookUrl !== undefined || input.alertInApp !== undefined,
          'nothing to change: give notificationEmail, notificationWebhookUrl and/or alertInApp',
        ),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.notificationWebhookUrl) await assertWebhookUrlAllowed(ctx.app, input.notificationWebhookUrl);
      const { clients, clientBudgets } = ctx.app.db.t;
      await ctx.app.db.tenant(ctx.clientId, async (tx) => {
        if (input.alertInApp !== undefined) {
          // Through the lock, which creates the row from the client's plan on first use.
          const locked = await lockClientBudget(ctx.app, tx, ctx.clientId, budgetClock(ctx.app).now());
          if (!locked) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'this client has no budget, so there are no alerts to show in the app' });
          await tx.update(clientBudgets).set({ alertInApp: input.alertInApp }).where(eq(clientBudgets.id, locked.row.id));
        }
        if (input.notificationEmail === undefined && input.notificationWebhookUrl === undefined) return;
        await tx
          .update(clients)
          .set({
            ...(input.notificationEmail !== undefined ? { notificationEmail: input.notificationEmail } : {}),
            ...(input.notificationWebhookUrl !== undefined ? { notificationWebhookUrl: input.notificationWebhookUrl } : {}),
          })
          .where(eq(clients.id, ctx.clientId));
      });
      return { ok: true };
    }),

  /** The key that signs webhook alerts (X-Uzz-Signature), for the receiver to verify them. */
  webhookSigningKey: withRole('admin')
    .input(z.object({ clientId: z.string().uuid().optional() }).optional())
    .mutation(async ({ ctx }) => {
      const key = await ctx.app.db.tenant(ctx.clientId, (tx) => webhookSigningKey(ctx.app, tx, ctx.clientId));
      return { key };
    }),

  plans: router({
    list: platformAdminProcedure.query(({ ctx }) =>
      ctx.app.db.system((tx) => tx.select().from(ctx.app.db.t.planBudgets).orderBy(asc(ctx.app.db.t.planBudgets.planName))),
    ),
    upsert: platformAdminProcedure
      .input(
        z
          .object({
            planName: safeText().trim().min(1).max(50),
            description: safeText().max(500).nullable().default(null),
            ...limits,
            isActive: z.boolean().default(true),
          })
          .refine(needsLimits, limitsMessage),
      )
      .mutation(async ({ ctx, input }) => {
        const { planBudgets } = ctx.app.db.t;
        const values = {
          ...input,
          budgetLimit: input.budgetType === 'tokens' ? String(input.tokenLimit ?? 0) : (input.brlLimit ?? '0'),
        };
        const [row] = await ctx.app.db.system((tx) =>
          tx.insert(planBudgets).values(values).onConflictDoUpdate({ target: planBudgets.planName, set: values }).returning(),
        );
        ctx.audit.resourceId = row!.id;
        return row!;
      }),
  }),
});
