// A campaign to 10,000 recipients through the job runner, the outbox and the fake Graph API (tier
// unlimited): the time from create to the last template accepted by the fake, and sends/s.
// The number's send rate (WHATSAPP_SEND_RATE) is the third argument: Meta's default of 80/s would
// measure the pacing, not the campaign path.
//   npx tsx bench/campaignSend.bench.ts [sqlite|pg] [recipients=10000] [rate=10000]
import { performance } from 'node:perf_hooks';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { startWhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import { describeMachine } from './machine.js';

const RECIPIENTS = Number(process.argv[3] ?? 10_000);
const RATE = Number(process.argv[4] ?? 10_000);

async function run(kind: DatabaseKind) {
  const kit = await startWhatsAppKit(kind, { whatsapp: { sendRatePerSecond: RATE } });
  try {
    const { app } = kit.server;
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    await admin.caller.campaigns.saveSettings({ tiers: { '': null } });
    const { clientesWhatsapp, messageTemplates } = app.db.t;
    const [template] = await app.db.tenant(client.id, async (tx) => {
      for (let start = 0; start < RECIPIENTS; start += 1000) {
        await tx.insert(clientesWhatsapp).values(
          Array.from({ length: Math.min(1000, RECIPIENTS - start) }, (_, i) => ({
            clientId: client.id,
            telefone: `55119${String(20_000_000 + start + i)}`,
            nome: `Pessoa ${start + i}`,
            optedInAt: new Date(),
            optInSource: 'bench',
          })),
        );
      }
      return tx
        .insert(messageTemplates)
        .values({ clientId: client.id, name: 'bench', status: 'APPROVED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Olá {{1}}' }] })
        .returning();
    });
    const started = performance.now();
    const campaign = await admin.caller.campaigns.create({ name: 'bench', templateId: template!.id, audience: { optedInOnly: true }, variables: ['name'] });
    const created = performance.now();
    await kit.graph.waitForSent(RECIPIENTS, 60 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    const { progress } = await admin.caller.campaigns.get({ id: campaign.id });
    console.log(
      `\n${kind === 'pg' ? 'PostgreSQL' : 'SQLite'}: campaign to ${RECIPIENTS} recipients: created in ${((created - started) / 1000).toFixed(1)} s, ` +
        `all sent in ${seconds.toFixed(1)} s (${(RECIPIENTS / seconds).toFixed(0)} sends/s); queued ${progress.queued}, at the fake ${kit.graph.sent.length}`,
    );
  } finally {
    await kit.dispose();
  }
}

console.log(describeMachine());
const kinds = (process.argv[2] && process.argv[2] !== 'both' ? [process.argv[2]] : ['sqlite', 'pg']) as DatabaseKind[];
for (const kind of kinds) await run(kind);
