import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from './gatewayTestKit.js';
import { getGateway } from './getGateway.js';

/** Exact expected money: integer micro-micro-dollars → "d.dddddddddd". */
const money = (picoUnits: bigint) => {
  const tenths = (picoUnits + 50n) / 100n; // 10 decimals, half up
  const text = tenths.toString().padStart(11, '0');
  return `${text.slice(0, -10)}.${text.slice(-10)}`;
};

describe.each(DATABASE_KINDS)('gateway costs and cache on %s', (kind) => {
  let kit: GatewayKit;
  let model: string;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    // 3 USD/M input, 15 USD/M output, 0.3 USD/M cached input; 5.25 BRL per USD.
    model = await kit.addModel({ modelName: 'cost-model', input: '3', output: '15', cached: '0.3' });
    await kit.admin.caller.gateway.config.update({ usdToBrlRate: '5.25' });
  });
  beforeEach(() => kit.fake.reset());
  afterAll(() => kit?.dispose());

  it('prices cached tokens at the cached price, once, whichever way the provider reports them', async () => {
    const { clientId } = await kit.makeTenant();
    const prompt = 'um prompt com bastante texto para ter tokens em cache no provedor de modelos';
    const rows = [];
    for (const usageStyle of ['openai', 'anthropic', 'groq'] as const) {
      kit.fake.script('cost-model', [{ kind: 'ok', cachedTokens: 12, usageStyle }]);
      const result = await getGateway(kit.server.app).chat({ clientId, model, cache: false, params: { messages: [{ role: 'user', content: prompt }] } });
      rows.push(result);
    }
    const { gatewayUsageLogs } = kit.server.app.db.t;
    const logs = await kit.server.app.db.tenant(clientId, (tx) => tx.select().from(gatewayUsageLogs).where(eq(gatewayUsageLogs.clientId, clientId)));
    expect(logs).toHaveLength(3);
    const first = logs[0]!;
    expect(first.cachedTokens).toBe(12);
    for (const log of logs) {
      expect([log.inputTokens, log.cachedTokens, log.outputTokens]).toEqual([first.inputTokens, 12, first.outputTokens]);
      // (input − cached) × 3 + cached × 0.3 + output × 15, per million, in 10^-12 USD.
      const usdPico = BigInt(log.inputTokens - 12) * 3_000_000n + 12n * 300_000n + BigInt(log.outputTokens) * 15_000_000n;
      expect(log.costUsd).toBe(money(usdPico));
      expect(log.costBrl).toBe(money((usdPico * 525n + 50n) / 100n));
    }
    expect(rows.map((row) => row.costUsd)).toEqual(logs.map((log) => log.costUsd));
  });

  it('charges a client its own prices when it has them', async () => {
    const { clientId, owner } = await kit.makeTenant();
    await owner.caller.gateway.pricing.set({ model, promptPrice: '1', completionPrice: '1', cachedPromptPrice: '0.5' });
    kit.fake.script('cost-model', [{ kind: 'ok', cachedTokens: 4 }]);
    const result = await getGateway(kit.server.app).chat({ clientId, model, cache: false, params: { messages: [{ role: 'user', content: 'preço próprio' }] } });
    const usdPico = BigInt(result.usage.inputTokens - 4) * 1_000_000n + 4n * 500_000n + BigInt(result.usage.outputTokens) * 1_000_000n;
    expect(result.costUsd).toBe(money(usdPico));
  });

  it('never shares cache entries between clients, and keys them on every parameter that shapes the answer', async () => {
    const first = await kit.makeTenant();
    const second = await kit.makeTenant();
    const gateway = getGateway(kit.server.app);
    const params = { messages: [{ role: 'user' as const, content: 'pergunta idêntica' }], temperature: 0.2 };
    const a1 = await gateway.chat({ clientId: first.clientId, model, params });
    const b1 = await gateway.chat({ clientId: second.clientId, model, params });
    expect([a1.wasCached, b1.wasCached]).toEqual([false, false]);
    expect(kit.fake.requestsFor('cost-model')).toHaveLength(2);
    const a2 = await gateway.chat({ clientId: first.clientId, model, params: { temperature: 0.2, messages: params.messages } });
    expect(a2.wasCached).toBe(true);
    expect(a2.costUsd).toBe('0.0000000000');
    const a3 = await gateway.chat({ clientId: first.clientId, model, params: { ...params, temperature: 0.9 } });
    expect(a3.wasCached).toBe(false);
    const a4 = await gateway.chat({ clientId: first.clientId, model, params, cache: false });
    expect(a4.wasCached).toBe(false);
    expect(kit.fake.requestsFor('cost-model')).toHaveLength(4);

    const { gatewayCachePerformance: cache } = kit.server.app.db.t;
    const own = await kit.server.app.db.tenant(first.clientId, (tx) => tx.select().from(cache).where(eq(cache.clientId, first.clientId)));
    expect(own.reduce((sum, row) => sum + row.hitCount, 0)).toBe(1);
    expect(own.reduce((sum, row) => sum + row.missCount, 0)).toBe(2);
    const hit = own.find((row) => row.hitCount === 1)!;
    expect(Number(hit.costSavedUsd)).toBeCloseTo(Number(a1.costUsd), 10);
    // The other client's key for the same request differs; on PostgreSQL its session cannot even see these rows.
    const theirs = await kit.server.app.db.tenant(second.clientId, (tx) => tx.select().from(cache).where(eq(cache.clientId, second.clientId)));
    expect(theirs.map((row) => row.cacheKey)).not.toContain(hit.cacheKey);
    if (kind === 'pg') {
      const leaked = await kit.server.app.db.tenant(second.clientId, (tx) =>
        tx
          .select()
          .from(cache)
          .where(and(eq(cache.cacheKey, hit.cacheKey))),
      );
      expect(leaked).toHaveLength(0);
    }
    const stats = await first.owner.caller.gateway.cacheStats();
    expect(stats).toMatchObject({ hits: 1, misses: 2 });
  });

  it('expires cache entries after the configured TTL', async () => {
    const { clientId } = await kit.makeTenant();
    await kit.admin.caller.gateway.config.update({ cacheTtlSeconds: 1 });
    try {
      const gateway = getGateway(kit.server.app);
      const params = { messages: [{ role: 'user' as const, content: 'ttl curto' }] };
      await gateway.chat({ clientId, model, params });
      expect((await gateway.chat({ clientId, model, params })).wasCached).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await gateway.chat({ clientId, model, params })).wasCached).toBe(false);
    } finally {
      await kit.admin.caller.gateway.config.update({ cacheTtlSeconds: 3600 });
    }
  });

  it('keeps usage totals per source', async () => {
    const { clientId, owner } = await kit.makeTenant();
    const groq = await kit.addModel({ provider: 'groq', modelName: 'cost-groq', input: '0.5', output: '0.5' });
    const gateway = getGateway(kit.server.app);
    await gateway.chat({ clientId, model, cache: false, params: { messages: [{ role: 'user', content: 'um' }] } });
    await gateway.chat({ clientId, model, cache: false, params: { messages: [{ role: 'user', content: 'dois' }] } });
    await gateway.chat({ clientId, model: groq, cache: false, params: { messages: [{ role: 'user', content: 'três' }] } });
    const usage = await owner.caller.gateway.usage({ from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) });
    const bySource = Object.fromEntries(usage.bySource.map((row) => [row.source, row.calls]));
    expect(bySource).toEqual({ openai: 2, groq: 1 });
  });
});
