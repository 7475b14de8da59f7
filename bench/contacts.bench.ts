// Contacts at scale: a CSV import of 50,000 rows through the real procedure and the job runner
// (rows/s and the process's peak memory), then contact search p95 over 100,000 contacts (name,
// number with or without the ninth digit, attribute value) through contacts.list.
//   npx tsx bench/contacts.bench.ts [sqlite|pg] [importRows=50000] [contacts=100000] [searches=200]
import { performance } from 'node:perf_hooks';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { jobsSettled } from '#server/jobs/index.js';
import { startTestServer } from '#server/testing/testServer.js';
import { describeMachine, percentile } from './machine.js';

const IMPORT_ROWS = Number(process.argv[3] ?? 50_000);
const CONTACTS = Number(process.argv[4] ?? 100_000);
const SEARCHES = Number(process.argv[5] ?? 200);
const FIRST = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elisa', 'Fábio', 'Gabriela', 'Heitor', 'Isabela', 'João'];
const LAST = ['Silva', 'Souza', 'Oliveira', 'Santos', 'Lima', 'Pereira', 'Costa', 'Rodrigues', 'Almeida', 'Nascimento'];
const CITIES = ['São Paulo', 'Campinas', 'Santos', 'Rio de Janeiro', 'Niterói', 'Belo Horizonte', 'Curitiba', 'Recife'];
const phone = (n: number) => `55119${String(10_000_000 + n).padStart(8, '0')}`;
const csvFor = (from: number, count: number) =>
  [
    'nome;telefone;cidade',
    ...Array.from(
      { length: count },
      (_, i) => `${FIRST[(from + i) % 10]} ${LAST[Math.floor((from + i) / 10) % 10]} ${from + i};${phone(from + i)};${CITIES[(from + i) % 8]}`,
    ),
  ].join('\n');

async function run(kind: DatabaseKind) {
  const server = await startTestServer(kind);
  try {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    await admin.caller.contacts.attributes.define({ key: 'cidade', label: 'Cidade', type: 'text' });
    const mapping = { nome: 'name', telefone: 'phone', cidade: 'attr:cidade' };
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const job = await admin.caller.contacts.import.start({ fileName: 'bench.csv', csv: csvFor(0, IMPORT_ROWS), mapping });
    await jobsSettled(server.app.db, ['contacts.import'], 30 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const report = await admin.caller.contacts.import.get({ id: job.id });
    console.log(
      `\n${kind === 'pg' ? 'PostgreSQL' : 'SQLite'}: import of ${IMPORT_ROWS} rows in ${seconds.toFixed(1)} s (${(IMPORT_ROWS / seconds).toFixed(0)} rows/s), ` +
        `created ${report.created}, failed ${report.failed}; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
    );
    // Up to CONTACTS for the search, in further imports of at most 50,000 rows (the request limit).
    for (let from = IMPORT_ROWS; from < CONTACTS; from += 50_000) {
      await admin.caller.contacts.import.start({ fileName: 'more.csv', csv: csvFor(from, Math.min(50_000, CONTACTS - from)), mapping });
      await jobsSettled(server.app.db, ['contacts.import'], 30 * 60_000);
    }
    const total = (await admin.caller.contacts.list({ limit: 1 })).total;
    const queries = [
      (n: number) => `${FIRST[n % 10]} ${LAST[(n >> 3) % 10]}`.toLowerCase(),
      (n: number) => phone((n * 7919) % total).slice(4), // DDD + number, with the nine
      (n: number) => phone((n * 104_729) % total).slice(2, 4) + phone((n * 104_729) % total).slice(5), // without the nine
      (n: number) => CITIES[n % 8]!.slice(0, 6),
    ];
    const times: number[] = [];
    for (let n = 0; n < SEARCHES; n++) {
      const search = queries[n % queries.length]!(n);
      const t0 = performance.now();
      await admin.caller.contacts.list({ search, limit: 50 });
      times.push(performance.now() - t0);
    }
    console.log(
      `  search over ${total} contacts (${SEARCHES} queries, page of 50 with the total): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
    );
  } finally {
    await server.dispose();
  }
}

console.log(describeMachine());
const kinds = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'pg']) as DatabaseKind[];
for (const kind of kinds) await run(kind);
