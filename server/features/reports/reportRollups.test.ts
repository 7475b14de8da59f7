// The report rollups (kept by triggers, server/db/schema/reports.ts) against the source rows they
// sum, on both databases: after a mix of lifecycle changes through tRPC (take over, reassign,
// transfer, resolve, resolve again, reopen and resolve again), direct writes (a team or number
// changed under a conversation's messages, a CSAT rating changed and withdrawn, a message and a
// whole conversation deleted), every report read through the rollups equals the same report built
// from the source rows alone, for whole-hour periods and for periods with ragged ends, unfiltered
// and filtered by number, team and agent. On PostgreSQL, writers in concurrent transactions too.
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type SignedIn, type TestServer } from '#server/testing/testServer.js';
import { rawAgentParts, rawHourlyIncoming, rawHourlyOpenedResolved, rawSummaryParts } from './rawReportQueries.js';
import type { ReportFilter } from './reportInput.js';
import { reportWindow } from './reportWindow.js';
import { foldRollupDeltas } from './foldRollupDeltas.js';
import { rollupFolder } from './rollupFolder.js';
import { rollupSummaryParts } from './rollupQueries.js';
import { agentRowsOf, byAgent, hourlyIncoming, hourlyOpenedResolved, reportSummary, summaryOf } from './reportQueries.js';

const HOUR = 3_600_000;
const byBucket = (rows: { bucketMs: number; count: number }[]) => [...rows].sort((a, b) => a.bucketMs - b.bucketMs);

describe.each(DATABASE_KINDS)('report rollups on %s', (kind) => {
  let server: TestServer;
  let clientId: string;
  let admin: SignedIn;
  let ana: SignedIn;
  let bia: SignedIn;
  let teams: { id: string }[];
  let numbers: string[];
  let phone = 5511970000000;

  beforeAll(async () => {
    server = await startTestServer(kind);
    const client = await server.makeClient();
    clientId = client.id;
    admin = await server.signIn({ clientId, role: 'admin' });
    ana = await server.signIn({ clientId, role: 'agent' });
    bia = await server.signIn({ clientId, role: 'agent' });
    teams = [await admin.caller.teams.create({ name: 'Vendas' }), await admin.caller.teams.create({ name: 'Suporte' })];
    numbers = [client.phoneNumberId, '3000001'];
  });
  afterAll(() => server?.dispose());

  const db = () => server.app.db;

  async function conversation(values: { number: string; teamId?: string | null; openedAt: Date; status?: 'bot' | 'humano' | 'resolved' }) {
    const { conversations } = db().t;
    const [row] = await db().tenant(clientId, (tx) =>
      tx
        .insert(conversations)
        .values({
          clientId,
          phone: String(++phone),
          status: values.status ?? 'bot',
          phoneNumberId: values.number,
          teamId: values.teamId ?? null,
          openedAt: values.openedAt,
        })
        .returning(),
    );
    return row!;
  }

  async function message(conversationId: string, at: Date, direction: 'incoming' | 'outgoing', sentBy: string | null = null) {
    const { messages } = db().t;
    const [row] = await db().tenant(clientId, (tx) =>
      tx
        .insert(messages)
        .values({ clientId, conversationId, phone: 'x', direction, status: direction === 'incoming' ? 'received' : 'sent', timestamp: at, sentBy })
        .returning(),
    );
    return row!;
  }

  /** Every report read through the rollups equals the one built from the source rows alone. */
  async function expectRollupsMatchSources(filter: ReportFilter) {
    await db().tenant(clientId, async (tx) => {
      const app = server.app;
      const window = reportWindow(filter);
      // Whole hours: the rollups' counts and histogram bins (binned by the database) are the source rows' (binned in JS).
      if (window.hours && !window.edges.length)
        expect(await rollupSummaryParts(app, tx, clientId, window.hours, filter)).toEqual(await rawSummaryParts(app, tx, clientId, filter));
      expect(await reportSummary(app, tx, clientId, filter)).toEqual(summaryOf(await rawSummaryParts(app, tx, clientId, filter)));
      expect(await byAgent(app, tx, clientId, filter)).toEqual(agentRowsOf(await rawAgentParts(app, tx, clientId, filter)));
      const hourly = await hourlyOpenedResolved(app, tx, clientId, filter);
      const rawHourly = await rawHourlyOpenedResolved(app, tx, clientId, filter);
      expect(byBucket(hourly.opened)).toEqual(byBucket(rawHourly.opened));
      expect(byBucket(hourly.resolved)).toEqual(byBucket(rawHourly.resolved));
      expect(byBucket(await hourlyIncoming(app, tx, clientId, filter))).toEqual(byBucket(await rawHourlyIncoming(app, tx, clientId, filter)));
    });
  }

  function filters(period: { from: Date; to: Date }): ReportFilter[] {
    return [
      period,
      ...numbers.map((phoneNumberId) => ({ ...period, phoneNumberId })),
      ...teams.map((team) => ({ ...period, teamId: team.id })),
      ...[ana, bia].map((agent) => ({ ...period, agentId: agent.userId })),
      { ...period, teamId: teams[0]!.id, agentId: ana.userId },
    ];
  }

  async function expectEverywhere() {
    const now = Date.now();
    const wholeHours = { from: new Date(Math.floor(now / HOUR) * HOUR - 72 * HOUR), to: new Date(Math.floor(now / HOUR) * HOUR + 2 * HOUR) };
    // Starting and ending inside an hour: the ends are read from the source rows.
    const ragged = { from: new Date(wholeHours.from.getTime() + 17 * 60_000 + 123), to: new Date(now + 7 * 60_000) };
    // Shorter than an hour: all from the source rows.
    const short = { from: new Date(now - 30 * 60_000), to: new Date(now + 60_000) };
    const check = async () => {
      for (const period of [wholeHours, ragged, short]) for (const filter of filters(period)) await expectRollupsMatchSources(filter);
    };
    // With the deltas not folded yet, then folded into the rollups (and none left behind).
    await check();
    await foldRollupDeltas(server.app);
    expect(await unfoldedDeltas()).toBe(0);
    await check();
  }

  async function unfoldedDeltas(): Promise<number> {
    const [row] = await db().system((tx) =>
      db().rows<{ n: unknown }>(tx, sql`select (select count(*) from report_rollup_deltas) + (select count(*) from report_time_histogram_deltas) as n`),
    );
    return Number(row?.n);
  }

  it('equals the source rows after lifecycle changes, reassignment, resolving twice, reopening and changed CSAT', async () => {
    const now = Date.now();
    const ago = (hours: number) => new Date(now - hours * HOUR);
    const c1 = await conversation({ number: numbers[0]!, teamId: teams[0]!.id, openedAt: ago(30) });
    const c2 = await conversation({ number: numbers[1]!, teamId: teams[1]!.id, openedAt: ago(5) });
    const c3 = await conversation({ number: numbers[0]!, openedAt: ago(2) });
    for (const [conversationId, hours] of [
      [c1.id, 30],
      [c1.id, 29.5],
      [c2.id, 5],
      [c3.id, 2],
      [c3.id, 1.2],
    ] as const)
      await message(conversationId, ago(hours), 'incoming');
    await message(c3.id, ago(1.1), 'outgoing');

    const by = (who: SignedIn) => who.caller.conversations;
    await by(ana).takeOver({ conversationId: c1.id });
    await message(c1.id, new Date(), 'outgoing', ana.userId);
    await by(admin).assign({ conversationId: c1.id, userId: bia.userId }); // reassignment
    await message(c1.id, new Date(), 'outgoing', bia.userId);
    await by(bia).resolve({ conversationId: c1.id });
    await by(bia)
      .resolve({ conversationId: c1.id })
      .catch(() => undefined); // resolved twice: one episode
    await by(admin).reopen({ conversationId: c1.id });
    await by(ana).takeOver({ conversationId: c1.id });
    await by(ana).resolve({ conversationId: c1.id }); // a second episode
    await by(bia).transfer({ conversationId: c2.id, toUserId: ana.userId });
    await by(ana).resolve({ conversationId: c3.id });
    // Times across the bins' edges (exact below 32 s, 16 per doubling above), up to the integer column's limit.
    const { conversationEpisodes } = db().t;
    await db().tenant(clientId, async (tx) => {
      for (const [index, seconds] of [0, 31, 32, 33, 63, 64, 100, 103, 104, 1000, 3599, 3600, 86_400, 2 ** 31 - 1].entries())
        await tx.insert(conversationEpisodes).values({
          clientId,
          conversationId: c3.id,
          phoneNumberId: numbers[index % 2]!,
          agentId: index % 3 ? bia.userId : null,
          openedAt: ago(20),
          resolvedAt: ago(10 + index / 4),
          firstResponseSeconds: seconds,
          resolutionSeconds: seconds,
        });
    });
    await expectEverywhere();

    // A conversation moved to another team and number takes its messages' counts along.
    const { conversations, csatResponses, messages } = db().t;
    await db().tenant(clientId, (tx) => tx.update(conversations).set({ teamId: teams[0]!.id, phoneNumberId: numbers[0]! }).where(eq(conversations.id, c2.id)));
    // CSAT answered, changed, and one withdrawn (rating back to null).
    await db().tenant(clientId, async (tx) => {
      const [answer] = await tx
        .insert(csatResponses)
        .values({
          clientId,
          conversationId: c1.id,
          phoneNumberId: numbers[0]!,
          teamId: teams[0]!.id,
          agentId: ana.userId,
          askedAt: ago(1),
          rating: 2,
          ratedAt: ago(0.5),
        })
        .returning();
      await tx.update(csatResponses).set({ rating: 5 }).where(eq(csatResponses.id, answer!.id));
      const [other] = await tx
        .insert(csatResponses)
        .values({ clientId, conversationId: c3.id, phoneNumberId: numbers[0]!, agentId: ana.userId, askedAt: ago(1), rating: 3, ratedAt: ago(0.9) })
        .returning();
      await tx.update(csatResponses).set({ rating: null }).where(eq(csatResponses.id, other!.id));
    });
    await expectEverywhere();

    // A message deleted, then a whole conversation (its messages cascade).
    const gone = await message(c2.id, ago(3), 'outgoing');
    await db().tenant(clientId, (tx) => tx.delete(messages).where(eq(messages.id, gone.id)));
    const c4 = await conversation({ number: numbers[1]!, teamId: teams[1]!.id, openedAt: ago(4) });
    await message(c4.id, ago(4), 'incoming');
    await message(c4.id, ago(3.9), 'outgoing');
    await db().tenant(clientId, (tx) => tx.delete(conversations).where(eq(conversations.id, c4.id)));
    await expectEverywhere();

    // A team removed: its conversations (teams.remove), episodes and answers (foreign keys set null) lose it, and so do the rollups.
    const temp = await admin.caller.teams.create({ name: 'Temporária' });
    const c5 = await conversation({ number: numbers[0]!, teamId: temp.id, openedAt: ago(6) });
    await message(c5.id, ago(6), 'incoming');
    await db().tenant(clientId, async (tx) => {
      await tx.insert(conversationEpisodes).values({
        clientId,
        conversationId: c5.id,
        phoneNumberId: numbers[0]!,
        teamId: temp.id,
        openedAt: ago(8),
        resolvedAt: ago(7),
        resolutionSeconds: 3600,
      });
      await tx
        .insert(csatResponses)
        .values({ clientId, conversationId: c5.id, phoneNumberId: numbers[0]!, teamId: temp.id, askedAt: ago(7), rating: 1, ratedAt: ago(6.5) });
    });
    const teamPeriod = { from: ago(72), to: new Date(now + HOUR), teamId: temp.id };
    expect(await db().tenant(clientId, (tx) => reportSummary(server.app, tx, clientId, teamPeriod))).toMatchObject({ opened: 2, resolved: 1 });
    await admin.caller.teams.remove({ id: temp.id });
    await expectRollupsMatchSources(teamPeriod);
    expect(await db().tenant(clientId, (tx) => reportSummary(server.app, tx, clientId, teamPeriod))).toMatchObject({ opened: 0, resolved: 0 });
    await expectEverywhere();

    // Nothing left at zero pretends to be data: the period still counts what is there.
    const summary = await admin.caller.reports.summary({ from: ago(72).toISOString(), to: new Date(now + HOUR).toISOString() });
    expect(summary).toMatchObject({ resolved: 3 + 14 + 1, opened: 4 + 14 + 2, csat: { answers: 2, byRating: [1, 0, 0, 0, 1] } });
  });

  it('is folded by the background loop, and a deleted client’s deltas are dropped, not folded', async () => {
    // Stopped while the rows are written (its heartbeat would otherwise fold them at any moment).
    await rollupFolder(server.app).stop();
    const other = await server.makeClient();
    const at = new Date(Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR);
    const { conversations, messages, clients } = db().t;
    await db().tenant(other.id, async (tx) => {
      const [row] = await tx
        .insert(conversations)
        .values({ clientId: other.id, phone: '5511900000001', status: 'bot', phoneNumberId: other.phoneNumberId, openedAt: at })
        .returning();
      await tx.insert(messages).values({ clientId: other.id, conversationId: row!.id, phone: 'x', direction: 'incoming', status: 'received', timestamp: at });
    });
    const c = await conversation({ number: numbers[0]!, openedAt: at });
    await message(c.id, at, 'incoming');
    expect(await unfoldedDeltas()).toBeGreaterThan(0);
    // Deleting the client cascades to its conversations and messages, whose triggers add deltas for it.
    await db().system((tx) => tx.delete(clients).where(eq(clients.id, other.id)));
    // A start's first pass folds what is there (later passes come while deltas keep coming).
    await rollupFolder(server.app).start();
    await expect.poll(unfoldedDeltas, { timeout: 10_000 }).toBe(0);
    const [left] = await db().system((tx) => db().rows<{ n: unknown }>(tx, sql`select count(*) as n from report_rollups where client_id = ${other.id}`));
    expect(Number(left?.n)).toBe(0);
    await expectEverywhere();
  });

  // PostgreSQL only: SQLite has one writer at a time.
  if (kind === 'pg')
    it('stays exact with writers in concurrent transactions, neither waiting for the other, and folds between them', async () => {
      const at = new Date(Math.floor(Date.now() / HOUR) * HOUR - 10 * HOUR + 60_000);
      const target = server.config.database as { appUrl: string; url: string };
      const c = await conversation({ number: numbers[1]!, teamId: teams[1]!.id, openedAt: at });
      // Two sessions as the app's role, in the client's context, both adding to the same rollup rows.
      const connect = async () => {
        const client = new pg.Client({ connectionString: target.appUrl });
        await client.connect();
        await client.query('begin');
        await client.query(`select set_config('app.client_id', $1, true)`, [clientId]);
        return client;
      };
      const insert = (client: pg.Client, direction: string) =>
        client.query(
          `insert into messages (id, client_id, conversation_id, phone, direction, status, timestamp) values (gen_random_uuid(), $1, $2, 'x', $3, 'received', $4)`,
          [clientId, c.id, direction, at],
        );
      const first = await connect();
      const second = await connect();
      const watcher = new pg.Client({ connectionString: target.url });
      await watcher.connect();
      try {
        await insert(first, 'incoming');
        // No row is shared between writers: the second goes through while the first is still open.
        await insert(second, 'incoming');
        const { rows } = await watcher.query(`select count(*)::int as n from pg_locks where not granted`);
        expect(rows[0].n).toBe(0);
        // A fold meanwhile sees neither (uncommitted) and loses neither.
        await foldRollupDeltas(server.app);
        await first.query('commit');
        await foldRollupDeltas(server.app);
        await second.query('commit');
      } finally {
        await Promise.all([first.end(), second.end(), watcher.end()]);
      }
      // And a burst of parallel transactions through the app's pool.
      await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          db().tenant(clientId, async (tx) => {
            const { messages, conversationEpisodes } = db().t;
            await tx.insert(messages).values({ clientId, conversationId: c.id, phone: 'x', direction: 'incoming', status: 'received', timestamp: at });
            await tx.insert(messages).values({
              clientId,
              conversationId: c.id,
              phone: 'x',
              direction: 'outgoing',
              status: 'sent',
              timestamp: at,
              sentBy: index % 2 ? ana.userId : null,
            });
            await tx.insert(conversationEpisodes).values({
              clientId,
              conversationId: c.id,
              phoneNumberId: numbers[1]!,
              teamId: teams[1]!.id,
              agentId: index % 2 ? ana.userId : null,
              openedAt: at,
              resolvedAt: new Date(at.getTime() + 60_000),
              firstResponseSeconds: index % 2 ? 30 + index : null,
              resolutionSeconds: 60,
            });
          }),
        ),
      );
      const period = { from: new Date(at.getTime() - 60_000 - HOUR), to: new Date(at.getTime() + HOUR) };
      for (const filter of filters(period)) await expectRollupsMatchSources(filter);
      const summary = await db().tenant(clientId, (tx) => reportSummary(server.app, tx, clientId, { ...period, teamId: teams[1]!.id }));
      expect(summary).toMatchObject({ resolved: 12, messagesSent: { byPeople: 6, byBot: 6 } });
      const heat = await db().tenant(clientId, (tx) => hourlyIncoming(server.app, tx, clientId, { ...period, phoneNumberId: numbers[1]! }));
      expect(heat.reduce((sum, row) => sum + row.count, 0)).toBe(2 + 12);
    });
});
