// Signed WhatsApp webhook deliveries from a child process (so the generator does not share the
// server's event loop), one text message per delivery, each customer in turn out of `customers`:
// either as fast as `inFlight` connections allow ('max') or open loop at a fixed rate ('rate', a
// delivery starts on schedule whether or not earlier ones were answered). Message n says
// "Olá, mensagem número n", so a reply quoting it can be matched to its delivery.
// Used by webhookThroughput.bench.ts and aiEndToEnd.bench.ts; the child is this file with --load.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { APP_SECRET } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';

export type LoadArgs = {
  url: string;
  phoneNumberId: string;
  mode: 'max' | 'rate';
  seconds: number;
  rate: number;
  /** Makes the wamids unique across runs on one database. */
  tag: string;
  customers: number;
  /** Connections in flight in 'max' mode. */
  inFlight: number;
};

/** `sentAt[n]`: when delivery n started (epoch ms, Date.now's clock, comparable across processes). */
export type LoadResult = { acked: number; failed: number; latencies: number[]; elapsedMs: number; sentAt: number[] };

/** The text of message n (JSON-escaped as Meta sends it, below). */
export const messageText = (n: number) => `Olá, mensagem número ${n}`;

async function generateLoad(args: LoadArgs): Promise<LoadResult> {
  const target = new URL(args.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const sentAt: number[] = [];
  let acked = 0;
  let failed = 0;
  let sequence = 0;
  const body = (n: number) => {
    const phone = `55119${String(10_000_000 + (n % args.customers)).padStart(8, '0')}`;
    // Meta's wire format (ASCII-escaped), one message per delivery.
    return `{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"${args.phoneNumberId}"},"contacts":[{"profile":{"name":"Cliente ${n % args.customers}"},"wa_id":"${phone}"}],"messages":[{"from":"${phone}","id":"wamid.BENCH${args.tag}${n}","timestamp":"${Math.floor(Date.now() / 1000)}","text":{"body":"Ol\\u00e1, mensagem n\\u00famero ${n}"},"type":"text"}]},"field":"messages"}]}]}`;
  };
  const post = () =>
    new Promise<void>((resolve) => {
      const n = sequence++;
      const payload = Buffer.from(body(n));
      const signature = `sha256=${createHmac('sha256', APP_SECRET).update(payload).digest('hex')}`;
      sentAt[n] = Date.now();
      const started = performance.now();
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': payload.length, 'x-hub-signature-256': signature },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            latencies.push(performance.now() - started);
            if (response.statusCode === 200) acked++;
            else failed++;
            resolve();
          });
        },
      );
      request.on('error', () => {
        failed++;
        resolve();
      });
      request.end(payload);
    });

  const start = performance.now();
  const end = start + args.seconds * 1000;
  if (args.mode === 'max') {
    await Promise.all(
      Array.from({ length: args.inFlight }, async () => {
        while (performance.now() < end) await post();
      }),
    );
  } else {
    const pending: Promise<void>[] = [];
    let sent = 0;
    while (performance.now() < end) {
      const due = Math.floor(((performance.now() - start) / 1000) * args.rate);
      while (sent < due) {
        pending.push(post());
        sent++;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(pending);
  }
  agent.destroy();
  return { acked, failed, latencies, elapsedMs: performance.now() - start, sentAt };
}

export function runLoadChild(args: LoadArgs): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--load', JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as LoadResult) : reject(new Error(`load generator exited with ${code}`))));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === '--load') {
  const result = await generateLoad(JSON.parse(process.argv[3]!) as LoadArgs);
  process.stdout.write(JSON.stringify(result));
}
