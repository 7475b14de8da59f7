// The agent inbox in Debian's Chromium against a real server (SQLite) holding 10,000
// conversations, one of them with 5,000 messages: time to first paint of the list and of the big
// conversation, scrolling frame rate (from the browser's own animation frames) in both, and the
// delay from a signed webhook leaving this process to the message drawn on screen, p50/p99, at 50
// inbound messages per second. Needs the web build: `npm run build` first (or UZZ_E2E_WEB_DIR).
//   npx tsx bench/inboxDesktop.bench.ts        (BENCH_SECONDS=10 BENCH_RATE=50 by default)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { envelope, contact } from '#server/features/whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import { CONVERSATION_STATUSES } from '#shared/domain/statuses.js';
import { describeMachine, percentile } from './machine.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB_DIR = process.env.UZZ_E2E_WEB_DIR ?? path.join(ROOT, 'dist', 'renderer');
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const BIG_PHONE = '5511900000000';

if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) {
  process.stderr.write(`no web build in ${WEB_DIR}: run \`npm run build\` first\n`);
  process.exit(1);
}

const kit = await startWhatsAppKit('sqlite', { webDir: WEB_DIR });
const server = kit.server;
const client = await kit.newClient();
const agent = await server.signIn({ clientId: client.id, role: 'agent' });
const { conversations, messages } = server.app.db.t;

// ── Seed ─────────────────────────────────────────────────────────────────────────────────────
const seedStarted = Date.now();
const now = Date.now();
for (let start = 0; start < CONVERSATIONS; start += 500) {
  const rows = Array.from({ length: Math.min(500, CONVERSATIONS - start) }, (_, offset) => {
    const n = start + offset;
    const at = new Date(now - (n + 10) * 60_000);
    return {
      clientId: client.id,
      phone: `55119${String(10_000_000 + n).padStart(8, '0')}`,
      name: `Cliente ${n}`,
      status: CONVERSATION_STATUSES[n % CONVERSATION_STATUSES.length]!,
      lastMessage: `Mensagem ${n}: quero saber do meu pedido`,
      lastUpdate: at,
      lastInboundAt: at,
      unreadCount: n % 3,
    };
  });
  await server.app.db.tenant(client.id, (tx) => tx.insert(conversations).values(rows));
}
const [big] = await server.app.db.tenant(client.id, (tx) =>
  tx
    .insert(conversations)
    .values({
      clientId: client.id,
      phone: BIG_PHONE,
      name: 'Conversa Grande',
      status: 'humano',
      assignedTo: agent.userId,
      lastMessage: 'última',
      lastUpdate: new Date(now),
      lastInboundAt: new Date(now),
      unreadCount: 0,
    })
    .returning(),
);
for (let start = 0; start < MESSAGES; start += 500) {
  const rows = Array.from({ length: Math.min(500, MESSAGES - start) }, (_, offset) => {
    const n = start + offset;
    const incoming = n % 2 === 0;
    return {
      clientId: client.id,
      conversationId: big!.id,
      phone: BIG_PHONE,
      content: `Mensagem ${n} ${'da conversa longa '.repeat(1 + (n % 4))}`,
      type: 'text' as const,
      direction: incoming ? ('incoming' as const) : ('outgoing' as const),
      status: incoming ? ('received' as const) : ('read' as const),
      timestamp: new Date(now - (MESSAGES - n) * 60_000),
      wamid: `wamid.SEED${n}`,
    };
  });
  await server.app.db.tenant(client.id, (tx) => tx.insert(messages).values(rows));
}
const seedSeconds = (Date.now() - seedStarted) / 1000;

// ── Browser ──────────────────────────────────────────────────────────────────────────────────
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
await context.addInitScript(
  ({ token }) => {
    localStorage.setItem('uzz.session', token);
    localStorage.setItem('uzz.language', 'en');
    const state = { list: 0, thread: 0, seen: new Map<string, number>(), listed: new Map<string, number>() };
    (window as unknown as { benchState: typeof state }).benchState = state;
    new MutationObserver(() => {
      requestAnimationFrame(() => {
        const at = performance.now();
        if (!state.list && document.querySelector('[data-testid=conversation-item]')) state.list = at;
        if (!state.thread && document.querySelector('[data-testid=message]')) state.thread = at;
        for (const element of document.querySelectorAll('[data-testid=message]')) {
          const match = /BENCH#(\d+)@(\d+);/.exec(element.textContent ?? '');
          if (match && !state.seen.has(match[1]!)) state.seen.set(match[1]!, performance.timeOrigin + at - Number(match[2]));
        }
        for (const element of document.querySelectorAll('[data-testid=conversation-item]')) {
          const match = /BENCH#(\d+)@(\d+);/.exec(element.textContent ?? '');
          if (match && !state.listed.has(match[1]!)) state.listed.set(match[1]!, performance.timeOrigin + at - Number(match[2]));
        }
      });
    }).observe(document, { childList: true, subtree: true, characterData: true });
  },
  { token: agent.token },
);
const page = await context.newPage();

const listPaints: number[] = [];
for (let run = 0; run < 3; run++) {
  await page.goto(`${server.url}/inbox`);
  await page.waitForFunction(() => (window as unknown as { benchState: { list: number } }).benchState.list > 0);
  listPaints.push(await page.evaluate(() => (window as unknown as { benchState: { list: number } }).benchState.list));
}

const threadPaints: number[] = [];
for (let run = 0; run < 3; run++) {
  await page.goto(`${server.url}/inbox`);
  await page.getByTestId('conversation-item').first().waitFor();
  const clickedAt = await page.evaluate(() => {
    (window as unknown as { benchState: { thread: number } }).benchState.thread = 0;
    return performance.now();
  });
  await page.getByTestId('conversation-item').filter({ hasText: 'Conversa Grande' }).click();
  await page.waitForFunction(() => (window as unknown as { benchState: { thread: number } }).benchState.thread > 0);
  threadPaints.push((await page.evaluate(() => (window as unknown as { benchState: { thread: number } }).benchState.thread)) - clickedAt);
}

/**
 * Scrolls an element for `ms` by `step` px per frame; frames per second and the p95 frame time.
 * (A string, not a function: tsx would wrap named inner functions in a helper the page lacks.)
 */
async function scrollFps(target: Page, testId: string, step: number, ms: number): Promise<{ fps: number; p95FrameMs: number }> {
  return target.evaluate(`(async () => {
    const element = document.querySelector('[data-testid=${testId}]');
    const frames = [];
    // As a reader would: a wheel first (the history stops following new messages).
    element.dispatchEvent(new WheelEvent('wheel', { deltaY: ${step}, bubbles: true }));
    const started = performance.now();
    await new Promise((resolve) => {
      const tick = (at) => {
        frames.push(at);
        element.dispatchEvent(new WheelEvent('wheel', { deltaY: ${step}, bubbles: true }));
        element.scrollTop += ${step};
        if (at - started < ${ms}) requestAnimationFrame(tick); else resolve();
      };
      requestAnimationFrame(tick);
    });
    const gaps = frames.slice(1).map((at, index) => at - frames[index]).sort((a, b) => a - b);
    const elapsed = frames[frames.length - 1] - frames[0];
    return { fps: ((frames.length - 1) / elapsed) * 1000, p95FrameMs: gaps[Math.floor(gaps.length * 0.95)] || 0 };
  })()`);
}
const historyScroll = await scrollFps(page, 'history', -60, 4000);
const listScroll = await scrollFps(page, 'conversation-list', 60, 4000);

// ── Webhook → screen at RATE messages/s ──────────────────────────────────────────────────────
await page.goto(`${server.url}/inbox/${big!.id}`);
await page.getByTestId('message').first().waitFor();
await page.getByTestId('connection-state').and(page.locator('[data-state=live]')).waitFor();
// The load is spread like real traffic: 100 customers already talking to a person (so no bot
// answers), one in ten messages for the conversation on screen.
const others = Array.from({ length: 99 }, (_, index) => `55119${String(10_000_000 + 1 + index * 4).padStart(8, '0')}`);
const total = SECONDS * RATE;
const forOpen: number[] = [];
const sendStarted = Date.now();
const deliveries: Promise<Response>[] = [];
for (let n = 0; n < total; n++) {
  const due = sendStarted + (n * 1000) / RATE;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const phone = n % 10 === 0 ? BIG_PHONE : others[n % others.length]!;
  if (phone === BIG_PHONE) forOpen.push(n);
  const text = `BENCH#${n}@${Date.now()};`;
  deliveries.push(
    kit.deliver(
      envelope(client.phoneNumberId, {
        messages: [{ from: phone, id: `wamid.BENCHLIVE${n}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
        contacts: [contact(phone, phone === BIG_PHONE ? 'Conversa Grande' : `Cliente ${phone}`)],
      }),
    ),
  );
}
await Promise.all(deliveries);
const deadline = Date.now() + 30_000;
let seen: number[] = [];
let listed: number[] = [];
while (Date.now() < deadline) {
  [seen, listed] = await page.evaluate(() => {
    const state = (window as unknown as { benchState: { seen: Map<string, number>; listed: Map<string, number> } }).benchState;
    return [[...state.seen.values()], [...state.listed.values()]];
  });
  if (seen.length >= forOpen.length) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}

// How much of that delay is the server's (webhook sent → message row stored), to tell it apart
// from the renderer's share (row stored → drawn).
const { like } = await import('drizzle-orm');
const storedRows = await server.app.db.tenant(client.id, (tx) =>
  tx.select({ content: messages.content, createdAt: messages.createdAt }).from(messages).where(like(messages.content, 'BENCH#%')),
);
const storeLags = storedRows.map((row) => row.createdAt.getTime() - Number(/@(\d+);/.exec(row.content ?? '')![1]));

const median = (values: number[]) => percentile(values, 50);
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
process.stdout.write(
  [
    describeMachine(),
    `chromium ${browser.version()}, SQLite, viewport 1280×800; seeded ${CONVERSATIONS} conversations + ${MESSAGES} messages in one conversation in ${seedSeconds.toFixed(1)} s`,
    `list first paint (navigation → first conversation drawn), median of 3: ${fmt(median(listPaints))} (runs: ${listPaints.map(fmt).join(', ')})`,
    `conversation first paint (click → first of ${MESSAGES} messages drawn), median of 3: ${fmt(median(threadPaints))} (runs: ${threadPaints.map(fmt).join(', ')})`,
    `scrolling the 5,000-message history upwards (60 px/frame, 4 s, loading older pages): ${historyScroll.fps.toFixed(1)} fps, p95 frame ${historyScroll.p95FrameMs.toFixed(1)} ms`,
    `scrolling the 10,000-conversation list downwards (60 px/frame, 4 s, loading more): ${listScroll.fps.toFixed(1)} fps, p95 frame ${listScroll.p95FrameMs.toFixed(1)} ms`,
    `webhook → message drawn in the open conversation, ${RATE} msg/s over 100 conversations for ${SECONDS} s (1 in 10 to the open one): ${seen.length}/${forOpen.length} shown, p50 ${fmt(percentile(seen, 50))}, p99 ${fmt(percentile(seen, 99))}`,
    `  of which the server (webhook → message row stored): ${storedRows.length}/${total} stored, p50 ${fmt(percentile(storeLags, 50))}, p99 ${fmt(percentile(storeLags, 99))}`,
    `webhook → preview drawn in the conversation list (rows on screen; a preview replaced before the next frame is never drawn): ${listed.length}/${total} drawn, p50 ${fmt(percentile(listed, 50))}, p99 ${fmt(percentile(listed, 99))}`,
  ].join('\n') + '\n',
);

await browser.close();
await kit.dispose();
