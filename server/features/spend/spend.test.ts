// The spend dashboard's queries on both databases: figures equal the usage rows they summarise
// (summed exactly), local days follow the client's time zone, the rollups follow updates and
// deletes, tenants never see each other's spend, and only administrators may ask.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type SignedIn, type TestServer } from '#server/testing/testServer.js';
import { budgetClock } from '../budgets/budgetClock.js';
import { dec, formatDec } from '../gateway/money.js';

type UsageRow = {
  at: string;
  provider: string;
  model: string;
  tokens: number;
  brl: string;
  usd: string;
  conversation?: string | null;
  cached?: boolean;
  fallback?: boolean;
  error?: boolean;
  input?: number;
  cachedTokens?: number;
};

const NOW = new Date('2026-03-20T15:00:00Z'); // 12:00 in São Paulo (UTC-3, no daylight saving)

describe.each(DATABASE_KINDS)('spend dashboard on %s', (kind) => {
  let server: TestServer;
  let clientId: string;
  let otherClientId: string;
  let admin: SignedIn;
  let conversations: Record<string, string>;

  const insertUsage = (client: string, rows: UsageRow[]) =>
    server.app.db.tenant(client, async (tx) => {
      const { gatewayUsageLogs } = server.app.db.t;
      await tx.insert(gatewayUsageLogs).values(
        rows.map((row, index) => ({
          clientId: client,
          requestId: `req-${index}-${Math.random()}`,
          provider: row.provider,
          modelName: row.model,
          totalTokens: row.tokens,
          inputTokens: row.input ?? Math.floor(row.tokens / 2),
          outputTokens: row.tokens - (row.input ?? Math.floor(row.tokens / 2)),
          cachedTokens: row.cachedTokens ?? 0,
          costBrl: row.brl,
          costUsd: row.usd,
          wasCached: row.cached ?? false,
          wasFallback: row.fallback ?? false,
          errorDetails: row.error ? { message: 'provider down' } : null,
          conversationId: row.conversation ?? null,
          createdAt: new Date(row.at),
        })),
      );
    });

  const makeConversation = (client: string, phone: string, name: string) =>
    server.app.db.tenant(client, async (tx) => {
      const [row] = await tx.insert(server.app.db.t.conversations).values({ clientId: client, phone, name }).returning();
      return row!.id;
    });

  /** The exact sums straight from gateway_usage_logs, to compare the dashboard with. */
  const fromLogs = (client: string, from: Date, to: Date) =>
    server.app.db.tenant(client, async (tx) => {
      const { gatewayUsageLogs: logs } = server.app.db.t;
      const rows = await tx
        .select({ brl: logs.costBrl, usd: logs.costUsd, tokens: logs.totalTokens })
        .from(logs)
        .where(
          and(
            eq(logs.clientId, client),
            sql`${logs.createdAt} >= ${sql.param(from, logs.createdAt)}`,
            sql`${logs.createdAt} < ${sql.param(to, logs.createdAt)}`,
          ),
        );
      return {
        calls: rows.length,
        totalTokens: rows.reduce((sum, row) => sum + row.tokens, 0),
        costBrl: formatDec(rows.reduce((sum, row) => sum + dec(row.brl), 0n)),
        costUsd: formatDec(rows.reduce((sum, row) => sum + dec(row.usd), 0n)),
      };
    });

  beforeAll(async () => {
    server = await startTestServer(kind);
    budgetClock(server.app).now = () => NOW;
    clientId = (await server.makeClient({ timezone: 'America/Sao_Paulo' })).id;
    otherClientId = (await server.makeClient()).id;
    admin = await server.signIn({ clientId, role: 'admin' });
    conversations = {
      ana: await makeConversation(clientId, '5511900000001', 'Ana'),
      bruno: await makeConversation(clientId, '5511900000002', 'Bruno'),
      carla: await makeConversation(clientId, '5511900000003', 'Carla'),
    };
    await insertUsage(clientId, [
      // 2026-03-18 local
      {
        at: '2026-03-18T12:00:00Z',
        provider: 'openai',
        model: 'gpt-4o-mini',
        tokens: 1000,
        brl: '0.0123456789',
        usd: '0.0024691358',
        conversation: conversations.ana,
      },
      {
        at: '2026-03-18T12:05:00Z',
        provider: 'openai',
        model: 'gpt-4o-mini',
        tokens: 500,
        brl: '0.0000000001',
        usd: '0.0000000001',
        conversation: conversations.ana,
        cached: true,
        cachedTokens: 400,
      },
      // 02:30 UTC on the 19th is 23:30 on the 18th in São Paulo
      {
        at: '2026-03-19T02:30:00Z',
        provider: 'groq',
        model: 'llama-3.1-8b',
        tokens: 300,
        brl: '0.0010000000',
        usd: '0.0002000000',
        conversation: conversations.bruno,
        fallback: true,
      },
      // 2026-03-19 local
      {
        at: '2026-03-19T14:00:00Z',
        provider: 'openai',
        model: 'gpt-4o',
        tokens: 2000,
        brl: '1.2500000000',
        usd: '0.2500000000',
        conversation: conversations.carla,
      },
      { at: '2026-03-19T14:01:00Z', provider: 'openai', model: 'gpt-4o', tokens: 0, brl: '0', usd: '0', conversation: conversations.carla, error: true },
      {
        at: '2026-03-19T14:02:00Z',
        provider: 'groq',
        model: 'llama-3.1-8b',
        tokens: 700,
        brl: '0.0030000000',
        usd: '0.0006000000',
        conversation: conversations.carla,
        fallback: true,
      },
      // 2026-03-20 local, no conversation (an API key call)
      { at: '2026-03-20T13:00:00Z', provider: 'openai', model: 'gpt-4o-mini', tokens: 100, brl: '0.0001000000', usd: '0.0000200000' },
      // Outside the last-7-days window
      {
        at: '2026-02-01T12:00:00Z',
        provider: 'openai',
        model: 'gpt-4o',
        tokens: 99999,
        brl: '99.0000000000',
        usd: '19.8000000000',
        conversation: conversations.ana,
      },
    ]);
    // Another tenant's spend on the same days must never show.
    await insertUsage(otherClientId, [
      { at: '2026-03-19T14:00:00Z', provider: 'openai', model: 'gpt-4o', tokens: 5000, brl: '7.0000000000', usd: '1.4000000000' },
    ]);
  }, 60_000);
  afterAll(() => server?.dispose());

  const last7 = { period: { preset: 'last7' as const } };

  it('sums the period exactly like gateway_usage_logs does', async () => {
    const { period, data } = await admin.caller.spend.summary(last7);
    expect(period).toMatchObject({ timeZone: 'America/Sao_Paulo', days: 7, from: new Date('2026-03-14T03:00:00Z'), to: new Date('2026-03-21T03:00:00Z') });
    const expected = await fromLogs(clientId, period.from, period.to);
    expect(data).toMatchObject({ ...expected, cachedCalls: 1, fallbackCalls: 2, errorCalls: 1, cachedTokens: 400 });
    expect(data.costBrl).toBe('1.2664456790');
    expect(data.calls).toBe(7);
  });

  it('puts each call on its local day, every day of the period present', async () => {
    const { data } = await admin.caller.spend.perDay(last7);
    expect(data.map((day) => day.date)).toEqual(['2026-03-14', '2026-03-15', '2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20']);
    const byDate = Object.fromEntries(data.map((day) => [day.date, day]));
    expect(byDate['2026-03-17']).toMatchObject({ calls: 0, costBrl: '0.0000000000', totalTokens: 0 });
    expect(byDate['2026-03-18']).toMatchObject({ calls: 3, cachedCalls: 1, fallbackCalls: 1, costBrl: '0.0133456790', totalTokens: 1800 });
    expect(byDate['2026-03-19']).toMatchObject({ calls: 3, errorCalls: 1, fallbackCalls: 1, costBrl: '1.2530000000', totalTokens: 2700 });
    expect(byDate['2026-03-20']).toMatchObject({ calls: 1, costBrl: '0.0001000000' });
  });

  it('takes explicit local dates, inclusive, and rejects bad ranges with a reason', async () => {
    const { period, data } = await admin.caller.spend.summary({ period: { from: '2026-03-19', to: '2026-03-19' } });
    expect(period).toMatchObject({ from: new Date('2026-03-19T03:00:00Z'), to: new Date('2026-03-20T03:00:00Z'), days: 1 });
    expect(data).toMatchObject({ calls: 3, costBrl: '1.2530000000' });
    await expect(admin.caller.spend.summary({ period: { from: '2026-03-20', to: '2026-03-19' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('after'),
    });
    await expect(admin.caller.spend.summary({ period: { from: '2026-02-30', to: '2026-03-01' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.caller.spend.perDay({ period: { from: '2020-01-01', to: '2026-03-01' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('400 days'),
    });
  });

  it('breaks spend down per model and per provider, most expensive first', async () => {
    const models = (await admin.caller.spend.byModel(last7)).data;
    expect(models.map((row) => [row.provider, row.model, row.calls, row.costBrl])).toEqual([
      ['openai', 'gpt-4o', 2, '1.2500000000'],
      ['openai', 'gpt-4o-mini', 3, '0.0124456790'],
      ['groq', 'llama-3.1-8b', 2, '0.0040000000'],
    ]);
    const providers = (await admin.caller.spend.byProvider(last7)).data;
    expect(providers.map((row) => [row.provider, row.calls, row.totalTokens, row.costBrl, row.costUsd])).toEqual([
      ['openai', 5, 3600, '1.2624456790', '0.2524891359'],
      ['groq', 2, 1000, '0.0040000000', '0.0008000000'],
    ]);
  });

  it('reports the cache hit rate and what the cache saved, and the fallbacks', async () => {
    await server.app.db.tenant(clientId, (tx) =>
      tx.insert(server.app.db.t.gatewayCachePerformance).values([
        { clientId, cacheKey: 'k1', hitCount: 3, missCount: 1, tokensSaved: 1500, costSavedUsd: '0.0000000007' },
        { clientId, cacheKey: 'k2', hitCount: 1, missCount: 1, tokensSaved: 500, costSavedUsd: '0.1000000001' },
      ]),
    );
    const cache = (await admin.caller.spend.cache(last7)).data;
    expect(cache).toEqual({ calls: 7, cachedCalls: 1, hitRate: 1 / 7, entries: 2, hits: 4, misses: 2, tokensSaved: 2000, costSavedUsd: '0.1000000008' });
    const fallbacks = (await admin.caller.spend.fallbacks(last7)).data;
    expect(fallbacks).toEqual({
      calls: 7,
      fallbackCalls: 2,
      fallbackRate: 2 / 7,
      byModel: [{ provider: 'groq', model: 'llama-3.1-8b', calls: 2, fallbackCalls: 2 }],
    });
  });

  it('lists the most expensive conversations of the period, and drops a deleted one', async () => {
    const top = (await admin.caller.spend.topConversations({ ...last7, limit: 2 })).data;
    expect(top).toEqual([
      {
        conversationId: conversations.carla,
        name: 'Carla',
        phone: '5511900000003',
        status: 'bot',
        calls: 3,
        totalTokens: 2700,
        costBrl: '1.2530000000',
        costUsd: '0.2506000000',
      },
      expect.objectContaining({ conversationId: conversations.ana, calls: 2, costBrl: '0.0123456790' }),
    ]);
    // Over the month, Ana's February call counts too.
    const all = (await admin.caller.spend.topConversations({ period: { from: '2026-02-01', to: '2026-03-20' } })).data;
    expect(all[0]).toMatchObject({ conversationId: conversations.ana, calls: 3, costBrl: '99.0123456790' });

    const doomed = await makeConversation(clientId, '5511900000009', 'Temporária');
    await insertUsage(clientId, [
      { at: '2026-03-20T13:30:00Z', provider: 'openai', model: 'gpt-4o', tokens: 10, brl: '5.0000000000', usd: '1.0000000000', conversation: doomed },
    ]);
    expect((await admin.caller.spend.topConversations(last7)).data[0]).toMatchObject({ conversationId: doomed, costBrl: '5.0000000000' });
    await server.app.db.tenant(clientId, (tx) => tx.delete(server.app.db.t.conversations).where(eq(server.app.db.t.conversations.id, doomed)));
    const after = (await admin.caller.spend.topConversations(last7)).data;
    expect(after.map((row) => row.conversationId)).not.toContain(doomed);
    // The call's cost still counts for the client (its usage row now has no conversation).
    expect((await admin.caller.spend.summary(last7)).data.costBrl).toBe('6.2664456790');
    await server.app.db.tenant(clientId, (tx) =>
      tx
        .delete(server.app.db.t.gatewayUsageLogs)
        .where(and(eq(server.app.db.t.gatewayUsageLogs.clientId, clientId), eq(server.app.db.t.gatewayUsageLogs.costBrl, '5.0000000000'))),
    );
    expect((await admin.caller.spend.summary(last7)).data).toMatchObject({ calls: 7, costBrl: '1.2664456790' });
  });

  it('follows corrections to usage rows (update and delete) in every figure', async () => {
    const isolated = (await server.makeClient({ timezone: 'UTC' })).id;
    const owner = await server.signIn({ clientId: isolated, role: 'owner' });
    const conversation = await makeConversation(isolated, '5511911111111', 'Davi');
    await insertUsage(isolated, [
      { at: '2026-03-20T10:00:00Z', provider: 'openai', model: 'gpt-4o', tokens: 100, brl: '1.0000000000', usd: '0.2000000000', conversation },
      { at: '2026-03-20T10:01:00Z', provider: 'openai', model: 'gpt-4o', tokens: 100, brl: '2.0000000000', usd: '0.4000000000', conversation },
    ]);
    const { gatewayUsageLogs: logs } = server.app.db.t;
    await server.app.db.tenant(isolated, (tx) =>
      tx
        .update(logs)
        .set({ costBrl: '0.5000000000', modelName: 'gpt-4o-mini', wasCached: true })
        .where(and(eq(logs.clientId, isolated), eq(logs.costBrl, '2.0000000000'))),
    );
    const today = { period: { preset: 'today' as const } };
    expect((await owner.caller.spend.byModel(today)).data.map((row) => [row.model, row.calls, row.cachedCalls, row.costBrl])).toEqual([
      ['gpt-4o', 1, 0, '1.0000000000'],
      ['gpt-4o-mini', 1, 1, '0.5000000000'],
    ]);
    expect((await owner.caller.spend.topConversations(today)).data).toEqual([
      expect.objectContaining({ conversationId: conversation, calls: 2, costBrl: '1.5000000000' }),
    ]);
    await server.app.db.tenant(isolated, (tx) => tx.delete(logs).where(and(eq(logs.clientId, isolated), eq(logs.modelName, 'gpt-4o'))));
    expect((await owner.caller.spend.summary(today)).data).toMatchObject({ calls: 1, costBrl: '0.5000000000', costUsd: '0.4000000000' });
    expect((await owner.caller.spend.summary(today)).data).toMatchObject(
      await fromLogs(isolated, new Date('2026-03-20T00:00:00Z'), new Date('2026-03-21T00:00:00Z')),
    );
  });

  it('stays exact for batches in one bucket, concurrent writers, moved calls and updates of other columns', async () => {
    const busy = (await server.makeClient({ timezone: 'UTC' })).id;
    const owner = await server.signIn({ clientId: busy, role: 'owner' });
    const [first, second] = [await makeConversation(busy, '5511922222221', 'Eva'), await makeConversation(busy, '5511922222222', 'Fábio')];
    // Eight transactions at once, each a batch of five calls in the same 15-minute bucket and model:
    // on PostgreSQL they upsert the same rollup rows concurrently.
    const batch = (writer: number) =>
      Array.from({ length: 5 }, (_, index) => ({
        at: `2026-03-20T10:0${index}:00Z`,
        provider: 'openai',
        model: 'gpt-4o',
        tokens: 10 + writer,
        brl: `0.${String(writer + 1).padStart(10, '0')}`,
        usd: '0.0000000001',
        conversation: index % 2 === 0 ? first : second,
        cached: index === 0,
      }));
    await Promise.all(Array.from({ length: 8 }, (_, writer) => insertUsage(busy, batch(writer))));
    const today = { period: { preset: 'today' as const } };
    const day = { from: new Date('2026-03-20T00:00:00Z'), to: new Date('2026-03-21T00:00:00Z') };
    expect((await owner.caller.spend.summary(today)).data).toMatchObject({ ...(await fromLogs(busy, day.from, day.to)), calls: 40, cachedCalls: 8 });
    expect((await owner.caller.spend.topConversations(today)).data.map((row) => [row.conversationId, row.calls])).toEqual([
      [first, 24],
      [second, 16],
    ]);

    const { gatewayUsageLogs: logs } = server.app.db.t;
    const before = (await owner.caller.spend.perDay(today)).data;
    // An update of columns the rollups do not sum changes nothing.
    await server.app.db.tenant(busy, (tx) =>
      tx
        .update(logs)
        .set({ latencyMs: 999, metadata: { note: 'seen' } })
        .where(eq(logs.clientId, busy)),
    );
    expect((await owner.caller.spend.perDay(today)).data).toEqual(before);
    // One statement moves some calls to the other conversation and an hour later, and changes the model of others.
    await server.app.db.tenant(busy, (tx) =>
      tx
        .update(logs)
        .set({ conversationId: second, createdAt: new Date('2026-03-20T11:30:00Z') })
        .where(and(eq(logs.clientId, busy), eq(logs.conversationId, first), eq(logs.wasCached, true))),
    );
    await server.app.db.tenant(busy, (tx) =>
      tx
        .update(logs)
        .set({ modelName: 'gpt-4o-mini' })
        .where(and(eq(logs.clientId, busy), sql`${logs.totalTokens} >= 15`)),
    );
    expect((await owner.caller.spend.summary(today)).data).toMatchObject({ ...(await fromLogs(busy, day.from, day.to)), calls: 40, cachedCalls: 8 });
    expect((await owner.caller.spend.byModel(today)).data.map((row) => [row.model, row.calls])).toEqual([
      ['gpt-4o-mini', 15],
      ['gpt-4o', 25],
    ]);
    expect((await owner.caller.spend.topConversations(today)).data.map((row) => [row.conversationId, row.calls])).toEqual([
      [second, 24],
      [first, 16],
    ]);
    const hours = await server.app.db.tenant(busy, (tx) =>
      server.app.db.rows<{ bucket_ms: string | number; calls: string | number }>(
        tx,
        sql`select bucket_ms, calls from spend_rollups where client_id = ${busy} and calls <> 0 order by bucket_ms, model_name`,
      ),
    );
    const tenAm = Date.parse('2026-03-20T10:00:00Z');
    const halfPastEleven = Date.parse('2026-03-20T11:30:00Z');
    expect(hours.map((row) => [Number(row.bucket_ms), Number(row.calls)])).toEqual([
      [tenAm, 20],
      [tenAm, 12],
      [halfPastEleven, 5],
      [halfPastEleven, 3],
    ]);
  });

  it("never shows another tenant's spend, and only to administrators", async () => {
    const other = await server.signIn({ clientId: otherClientId, role: 'owner' });
    expect((await other.caller.spend.summary(last7)).data).toMatchObject({ calls: 1, costBrl: '7.0000000000' });
    await expect(admin.caller.spend.summary({ clientId: otherClientId, ...last7 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    for (const role of ['viewer', 'agent'] as const) {
      const member = await server.signIn({ clientId, role });
      await expect(member.caller.spend.perDay(last7)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(member.caller.spend.clients()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(admin.caller.spend.clients()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(server.anonymous().spend.summary(last7)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it("uses the client's budget period for the budget preset", async () => {
    const { clientBudgets } = server.app.db.t;
    await server.app.db.tenant(clientId, (tx) =>
      tx.insert(clientBudgets).values({
        clientId,
        budgetType: 'brl',
        budgetLimit: '10',
        brlLimit: '10',
        budgetPeriod: 'weekly',
        inheritsFromPlan: false,
        lastResetAt: new Date('2026-03-16T03:00:00Z'),
        nextResetAt: new Date('2026-03-23T03:00:00Z'),
        currentBrl: '8.5',
        currentTokens: 3000,
      }),
    );
    const { period } = await admin.caller.spend.perDay({ period: { preset: 'budget' } });
    expect(period).toMatchObject({ from: new Date('2026-03-16T03:00:00Z'), to: new Date('2026-03-23T03:00:00Z'), days: 7 });
  });

  it("shows the platform administrator every client's budget and spend at a glance", async () => {
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    const { period, data } = await platform.caller.spend.clients({ period: { preset: 'last7' } });
    expect(period.timeZone).toBe('UTC');
    const mine = data.find((row) => row.clientId === clientId)!;
    const other = data.find((row) => row.clientId === otherClientId)!;
    expect(other).toMatchObject({ budget: null, window: { calls: 1, costBrl: '7.0000000000', totalTokens: 5000 } });
    expect(mine.window).toMatchObject(await fromLogs(clientId, period.from, period.to));
    expect(mine.budget).toMatchObject({
      type: 'brl',
      period: 'weekly',
      brlLimit: '10.0000000000',
      currentBrl: '8.5000000000',
      percentage: 85,
      isPaused: false,
    });
    expect(data.indexOf(other)).toBeLessThan(data.indexOf(mine)); // 7.00 BRL before 1.27 BRL
    // A platform administrator may also open one client's dashboard.
    expect((await platform.caller.spend.summary({ clientId, ...last7 })).data.calls).toBe(7);
  });
});
