// What the spend dashboard says about calls that went wrong and about when they happened, on both
// databases: a call the gateway could not answer (every model of its chain failed) is a failed
// call, not a fallback, while one answered by a later model of the chain is a fallback; and calls
// fall on the client's local day even where its offset is not a whole hour (Nepal, UTC+5:45).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { budgetClock } from '../budgets/budgetClock.js';
import { startGatewayKit, type GatewayKit } from '../gateway/gatewayTestKit.js';
import { getGateway } from '../gateway/getGateway.js';

const today = { period: { preset: 'today' as const } };

describe.each(DATABASE_KINDS)('spend outcomes and local days on %s', (kind) => {
  let kit: GatewayKit;
  let models: Record<string, string>;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    models = {};
    for (const name of ['so-primary', 'so-backup']) models[name] = await kit.addModel({ modelName: name });
  });
  beforeEach(() => kit.fake.reset());
  afterAll(() => kit?.dispose());

  const chat = (clientId: string, text: string) =>
    getGateway(kit.server.app).chat({
      clientId,
      model: models['so-primary']!,
      fallbackModels: [models['so-backup']!],
      cache: false,
      params: { messages: [{ role: 'user' as const, content: text }] },
    });

  it('counts a call no model could answer as failed, and only calls a fallback model answered as fallbacks', async () => {
    const { clientId, owner } = await kit.makeTenant({ timezone: 'America/Sao_Paulo' });
    // Answered by the primary model.
    await chat(clientId, 'first');
    // The primary keeps failing: the backup answers.
    kit.fake.setDefault('so-primary', { kind: 'error', status: 503 });
    expect((await chat(clientId, 'second')).wasFallback).toBe(true);
    // Both fail: the call fails, whichever model it tried last.
    kit.fake.setDefault('so-backup', { kind: 'error', status: 503 });
    await expect(chat(clientId, 'third')).rejects.toMatchObject({ kind: 'all_models_failed' });

    const rows = await kit.server.app.db.tenant(clientId, (tx) =>
      tx.select({ model: kit.server.app.db.t.gatewayUsageLogs.modelName }).from(kit.server.app.db.t.gatewayUsageLogs),
    );
    expect(rows).toHaveLength(3);

    const summary = (await owner.caller.spend.summary(today)).data;
    expect(summary).toMatchObject({ calls: 3, fallbackCalls: 1, errorCalls: 1 });
    const [day] = (await owner.caller.spend.perDay(today)).data;
    expect(day).toMatchObject({ calls: 3, fallbackCalls: 1, errorCalls: 1 });
    const fallbacks = (await owner.caller.spend.fallbacks(today)).data;
    expect(fallbacks).toMatchObject({ calls: 3, fallbackCalls: 1, fallbackRate: 1 / 3, byModel: [{ model: 'so-backup', fallbackCalls: 1 }] });
    const byModel = (await owner.caller.spend.byModel(today)).data;
    expect(byModel.find((row) => row.model === 'so-backup')).toMatchObject({ fallbackCalls: 1, errorCalls: 1 });
  });

  it("puts calls on the client's local day, at a quarter-hour offset, and names its time zone", async () => {
    const { clientId, owner } = await kit.makeTenant({ timezone: 'Asia/Kathmandu' });
    const clock = budgetClock(kit.server.app);
    const realNow = clock.now;
    clock.now = () => new Date('2026-03-20T06:00:00Z'); // 11:45 on the 20th in Kathmandu
    try {
      await kit.server.app.db.tenant(clientId, (tx) =>
        tx.insert(kit.server.app.db.t.gatewayUsageLogs).values(
          [
            ['2026-03-18T18:14:59Z', '1.0000000000'], // 23:59:59 on the 18th
            ['2026-03-18T18:15:00Z', '2.0000000000'], // 00:00 on the 19th
            ['2026-03-19T18:14:00Z', '4.0000000000'], // 23:59 on the 19th
            ['2026-03-19T18:30:00Z', '8.0000000000'], // 00:15 on the 20th
          ].map(([at, brl], index) => ({
            clientId,
            requestId: `kathmandu-${index}`,
            provider: 'openai',
            modelName: 'so-primary',
            totalTokens: 10,
            costBrl: brl!,
            costUsd: '0',
            createdAt: new Date(at!),
          })),
        ),
      );
      const { period, data } = await owner.caller.spend.perDay({ period: { from: '2026-03-18', to: '2026-03-20' } });
      expect(period).toMatchObject({ timeZone: 'Asia/Kathmandu', from: new Date('2026-03-17T18:15:00Z'), to: new Date('2026-03-20T18:15:00Z'), days: 3 });
      expect(data.map((day) => [day.date, day.calls, day.costBrl])).toEqual([
        ['2026-03-18', 1, '1.0000000000'],
        ['2026-03-19', 2, '6.0000000000'],
        ['2026-03-20', 1, '8.0000000000'],
      ]);
      const todayOnly = await owner.caller.spend.summary(today);
      expect(todayOnly.period).toMatchObject({ from: new Date('2026-03-19T18:15:00Z'), to: new Date('2026-03-20T18:15:00Z') });
      expect(todayOnly.data).toMatchObject({ calls: 1, costBrl: '8.0000000000' });
    } finally {
      clock.now = realNow;
    }
  });
});
