// A campaign survives `kill -9`: a real server process (bin/start.mjs) sends a campaign to 10,200
// of 10,500 contacts through the fake Graph API, is killed mid-send, and restarted on the same
// database. Afterwards: nobody got the template twice, no opted-out contact got it, and the
// messaging tier (10,000 unique contacts per 24 h) held; the rest waits for the window. (The
// timing: bench/campaignSend.bench.ts; the per-second send rate: outboxBatches.test.ts.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '#server/db/openDatabase.js';
import { startFakeGraphApi } from '#server/dev/fakeGraphApi.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startServerProcess } from '#server/testing/runProcess.js';
import { startTestServer } from '#server/testing/testServer.js';

const CONTACTS = 10_500;
const OPTED_OUT = 300;
const TIER = 10_000;
const KILL_AFTER_SENT = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.each(DATABASE_KINDS)('a campaign whose server is killed mid-send on %s', (kind) => {
  it('resumes after a restart without sending anyone twice, never to an opted-out contact, within the tier', { timeout: 420_000 }, async () => {
    const graph = await startFakeGraphApi({ latencyMs: 20 });
    const setup = await startTestServer(kind);
    const client = await setup.makeClient({ metaWabaId: '223456789012' });
    const admin = await setup.signIn({ clientId: client.id, role: 'admin' });
    const { messageTemplates, clientesWhatsapp } = setup.app.db.t;
    const phones = Array.from({ length: CONTACTS }, (_, n) => `55119${String(50000000 + n)}`);
    const optedOut = new Set(phones.filter((_, n) => n % (CONTACTS / OPTED_OUT) === 0));
    const [template] = await setup.app.db.tenant(client.id, async (tx) => {
      for (let from = 0; from < CONTACTS; from += 1_000) {
        await tx.insert(clientesWhatsapp).values(
          phones.slice(from, from + 1_000).map((telefone, index) => ({
            clientId: client.id,
            telefone,
            nome: `Pessoa ${from + index}`,
            optedInAt: new Date(),
            optInSource: 'import:test',
            ...(optedOut.has(telefone) ? { status: 'opted_out' as const, optedOutAt: new Date(), optOutSource: 'keyword:SAIR' } : {}),
          })),
        );
      }
      return tx
        .insert(messageTemplates)
        .values({ clientId: client.id, name: 'aviso', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Olá {{1}}!' }] })
        .returning();
    });
    await admin.caller.campaigns.saveSettings({ tiers: { '': TIER } });
    // Scheduled a little ahead: the process below sends it, not this setup server.
    const campaign = await admin.caller.campaigns.create({
      name: 'Aviso geral',
      templateId: template!.id,
      audience: { optedInOnly: true },
      variables: ['name'],
      scheduledAt: new Date(Date.now() + 3_000).toISOString(),
    });
    expect(campaign.recipientCount).toBe(CONTACTS - OPTED_OUT);
    await setup.stop();

    const { config } = setup;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-campaign-crash-'));
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: config.database.kind === 'pg' ? config.database.url : `sqlite:${config.database.file}`,
      DATA_DIR: dataDir,
      MASTER_KEY: config.masterKey!,
      LOG_LEVEL: 'error',
      ALLOW_PRIVATE_NETWORK: '1',
      WHATSAPP_GRAPH_URL: graph.url,
      // Short leases so the restarted process takes over the dead one's job and sends within the test.
      JOBS_LEASE_MS: '2000',
      WHATSAPP_OUTBOX_LEASE_MS: '2000',
      // Meta's default pace (80/s) would make 10,000 sends take two minutes; pacing has its own test.
      WHATSAPP_SEND_RATE: '2000',
    };
    let db: Database | null = null;
    let child: ChildProcess | null = null;
    try {
      db = await openDatabase(config.database);
      const { campaignRecipients: r, messages } = db.t;
      const recipients = async () => {
        const rows = await db!.system((tx) =>
          tx
            .select({ status: r.status, n: sql<number>`count(*)`, phones: sql<number>`count(distinct ${r.phone})` })
            .from(r)
            .where(eq(r.campaignId, campaign.id))
            .groupBy(r.status),
        );
        return Object.fromEntries(rows.map((row) => [row.status, { n: Number(row.n), phones: Number(row.phones) }]));
      };
      const queuedMessages = async () => {
        const [row] = await db!.system((tx) =>
          tx
            .select({ n: sql<number>`count(*)` })
            .from(messages)
            .where(and(eq(messages.clientId, client.id), eq(messages.status, 'queued'))),
        );
        return Number(row!.n);
      };

      // 1. Sending, and a kill in the middle of it.
      const first = await startServerProcess(env, 60_000);
      child = first.child;
      const exited = new Promise<void>((resolve) => first.child.once('exit', () => resolve()));
      await until(`${KILL_AFTER_SENT} sends`, async () => graph.sent.length >= KILL_AFTER_SENT, 90_000);
      first.child.kill('SIGKILL');
      await exited;
      child = null;
      const sentAtKill = graph.sent.length;
      expect(sentAtKill).toBeLessThan(TIER); // the kill really was mid-send

      // 2. Restart on the same database: the job's lease expires and the sending resumes.
      const second = await startServerProcess(env, 60_000);
      child = second.child;
      await until(
        'the tier reached and every queued message sent or settled',
        async () => (await recipients()).queued?.n === TIER && (await queuedMessages()) === 0,
        240_000,
      );
      // Nothing more goes out: the rest waits for the 24-hour window.
      await sleep(1_000);

      const counts = await recipients();
      expect(counts.queued).toEqual({ n: TIER, phones: TIER });
      expect(counts.pending?.n).toBe(CONTACTS - OPTED_OUT - TIER);
      const sentTo = graph.sent.map((sent) => sent.to);
      expect(sentTo.length).toBeGreaterThan(sentAtKill);
      expect(sentTo.length).toBeLessThanOrEqual(TIER);
      expect(new Set(sentTo).size).toBe(sentTo.length); // nobody twice
      expect(sentTo.filter((to) => optedOut.has(to))).toEqual([]); // no opted-out contact
      // One outgoing template per queued recipient, each linked to its recipient row.
      const outgoing = await db.system((tx) =>
        tx
          .select({ phone: messages.phone, n: sql<number>`count(*)` })
          .from(messages)
          .where(and(eq(messages.clientId, client.id), eq(messages.direction, 'outgoing')))
          .groupBy(messages.phone),
      );
      expect(outgoing).toHaveLength(TIER);
      expect(outgoing.every((row) => Number(row.n) === 1)).toBe(true);
    } finally {
      child?.kill('SIGKILL');
      await db?.close();
      await graph.close();
      await setup.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
