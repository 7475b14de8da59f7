// The flow builder in Debian's Chromium against a real server (SQLite) with a flow of 1,000 blocks
// and 1,200 edges: time from opening the editor to interactive (cards drawn, then a block found
// by its text, selected, centred and its side panel open), and frames per second, from the browser's own animation
// frames, while dragging a block and while panning, zoomed in (as one edits) and zoomed out as far as
// the editor goes (10%). Needs the web build: `npm run build` first (or UZZ_E2E_WEB_DIR).
// Wall times and fps depend on how busy the machine is; the CPU time Chromium spent (read from
// /proc for its processes: the page's main thread, and all of Chromium including compositing and
// raster) and the number of DOM elements depend much less on it, so compare those across runs.
//   npx tsx bench/flowEditor.bench.ts        (BENCH_BLOCKS=1000 BENCH_EDGES=1200 by default)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { blockHandles, type FlowBlock } from '#shared/flows/blocks.js';
import { FLOW_SCHEMA_VERSION, type FlowDocument } from '#shared/flows/flowDocument.js';
import { layoutFlow } from '#shared/flows/layoutFlow.js';
import { startTestServer } from '#server/testing/testServer.js';
import { describeMachine, percentile } from './machine.js';
import { chromiumCpu, type CpuUse } from './chromiumCpu.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB_DIR = process.env.UZZ_E2E_WEB_DIR ?? path.join(ROOT, 'dist', 'renderer');
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 1000);
const EDGES = Number(process.env.BENCH_EDGES ?? 1200);
const GESTURE_MS = 2500;
const RUNS = 3;

if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) {
  process.stderr.write(`no web build in ${WEB_DIR}: run \`npm run build\` first\n`);
  process.exit(1);
}

/**
 * Messages, questions with two buttons and conditions in one long conversation (each block leads
 * to the next), with the questions' and conditions' other ways out skipping a few blocks ahead,
 * ending in twenty end blocks; EDGES edges in all; laid out by the editor's own layout.
 */
function bigFlow(): FlowDocument {
  const ends = Math.min(20, Math.floor(BLOCKS / 10));
  const blocks: FlowBlock[] = Array.from({ length: BLOCKS }, (_, n): FlowBlock => {
    const id = `b${n}`;
    if (n >= BLOCKS - ends) return { id, type: 'end', data: { then: 'bot', message: `Até logo (${n})` } };
    if (n % 10 === 3) return { id, type: 'condition', data: { branches: [{ id: 'vip', match: 'all', rules: [{ variable: 'nome', operator: 'is_set' }] }] } };
    if (n % 4 === 1) {
      return {
        id,
        type: 'question',
        data: {
          text: `Pergunta ${n}: o que deseja?`,
          variable: 'nome',
          maxRetries: 2,
          input: {
            kind: 'choices',
            options: [
              { id: 'a', title: `Opção A${n}` },
              { id: 'b', title: `Opção B${n}` },
            ],
          },
        },
      };
    }
    return { id, type: 'message', data: { kind: 'text', text: `Mensagem número ${n} do fluxo grande, com {{nome}}.` } };
  });
  const edges: FlowDocument['edges'] = [];
  const connect = (source: FlowBlock, handle: string, target: number) =>
    edges.push({ id: `e${edges.length}`, source: source.id, sourceHandle: handle, target: blocks[Math.min(BLOCKS - 1, target)]!.id });
  const inner = blocks.slice(0, BLOCKS - ends);
  inner.forEach((block, n) => connect(block, blockHandles(block)[0]!, n + 1));
  const extra = inner.flatMap((block, n) =>
    blockHandles(block)
      .slice(1)
      .map((handle) => ({ block, handle, n })),
  );
  const wanted = Math.max(0, EDGES - edges.length);
  for (let index = 0; index < wanted && extra.length; index++) {
    const { block, handle, n } = extra[Math.floor((index * extra.length) / wanted)]!;
    connect(block, handle, n + 2 + (index % 11));
  }
  const document: FlowDocument = {
    schemaVersion: FLOW_SCHEMA_VERSION,
    blocks,
    edges,
    startBlockId: 'b0',
    settings: { inactivityTimeoutMinutes: 30, keywordMatch: 'equals', afterHandback: 'resume', variables: [] },
  };
  const positions = layoutFlow(document);
  return { ...document, blocks: blocks.map((block) => ({ ...block, position: positions.get(block.id)! })) };
}

const server = await startTestServer('sqlite', { webDir: WEB_DIR });
const client = await server.makeClient();
const owner = await server.signIn({ clientId: client.id, role: 'owner' });
const flowDocument = bigFlow();
const flow = await owner.caller.flows.create({ name: 'Fluxo grande', document: flowDocument });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
await context.addInitScript(
  ({ token }) => {
    localStorage.setItem('uzz.session', token);
    localStorage.setItem('uzz.language', 'en');
  },
  { token: owner.token },
);
const page = await context.newPage();

// ── Opening ──────────────────────────────────────────────────────────────────────────────────
const drawn: number[] = [];
const interactive: number[] = [];
const openCpu: CpuUse[] = [];
let openedDom = { elements: 0, cards: 0, edges: 0 };
const countDom = (target: Page) =>
  target.evaluate(() => ({
    elements: document.getElementsByTagName('*').length,
    cards: document.querySelectorAll('[data-testid=block-card]').length,
    edges: document.querySelectorAll('.react-flow__edge').length,
  }));
for (let run = 0; run < RUNS; run++) {
  await page.goto('about:blank');
  const cpuBefore = chromiumCpu();
  await page.goto(`${server.url}/flows/${flow.id}`);
  // Cards drawn: the first animation frame after they are in the page, since navigation started.
  // (A string, not a function: tsx would wrap named inner functions in a helper the page lacks.)
  drawn.push(
    (await page.evaluate(`new Promise((resolve) => {
    const check = () => (document.querySelectorAll('[data-testid=block-card]').length > 0 ? requestAnimationFrame(() => resolve(performance.now())) : requestAnimationFrame(check));
    check();
  })`)) as number,
  );
  // Interactive: searching a block by its text selects and centres it, and its side panel opens.
  await page.getByTestId('block-search').fill('Mensagem número 500 ');
  await page.getByTestId('block-search').press('Enter');
  await page.locator('[data-testid=block-panel][data-block-id=b500]').waitFor();
  interactive.push(await page.evaluate(() => performance.now()));
  openCpu.push(chromiumCpu().since(cpuBefore));
  // Where an opening's time went: page loaded, each download (start → end), cards drawn, interactive.
  if (process.env.BENCH_BREAKDOWN) {
    console.log(
      await page.evaluate(
        `JSON.stringify({ dcl: Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd), resources: performance.getEntriesByType('resource').map((r) => [r.name.replace(/.*\\//, '').slice(0, 30), Math.round(r.startTime), Math.round(r.responseEnd)]) })`,
      ),
      `drawn ${drawn.at(-1)!.toFixed(0)} interactive ${interactive.at(-1)!.toFixed(0)}`,
    );
  }
  openedDom = await countDom(page);
}

// ── Gestures ─────────────────────────────────────────────────────────────────────────────────
type GestureResult = { fps: number; p95: number; cpuPerFrame: CpuUse };
/** Drags with the mouse from `from` by (dx, dy) over GESTURE_MS, one move per 16 ms; fps, p95 frame time, CPU per frame. */
async function gesture(target: Page, from: { x: number; y: number }, dx: number, dy: number): Promise<GestureResult> {
  await target.evaluate(`(() => {
    const state = window.__frames = { times: [], on: true };
    const loop = (time) => { state.times.push(time); if (state.on) requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
  })()`);
  const cpuBefore = chromiumCpu();
  await target.mouse.move(from.x, from.y);
  await target.mouse.down();
  const started = Date.now();
  while (Date.now() - started < GESTURE_MS) {
    const progress = (Date.now() - started) / GESTURE_MS;
    await target.mouse.move(from.x + dx * progress, from.y + dy * Math.sin(progress * Math.PI));
    await target.waitForTimeout(16);
  }
  await target.mouse.up();
  const times = (await target.evaluate('(() => { window.__frames.on = false; return window.__frames.times; })()')) as number[];
  const cpu = chromiumCpu().since(cpuBefore);
  const gaps = times.slice(1).map((time, index) => time - times[index]!);
  const frames = Math.max(1, times.length - 1);
  return {
    fps: (times.length - 1) / ((times[times.length - 1]! - times[0]!) / 1000),
    p95: percentile(gaps, 95),
    cpuPerFrame: { main: cpu.main / frames, all: cpu.all / frames },
  };
}

async function emptyPanePoint(target: Page): Promise<{ x: number; y: number }> {
  const canvas = (await target.getByTestId('flow-canvas').boundingBox())!;
  for (let y = canvas.y + 20; y < canvas.y + canvas.height - 20; y += 13) {
    for (let x = canvas.x + 20; x < canvas.x + canvas.width - 200; x += 17) {
      const isPane = await target.evaluate(([px, py]) => document.elementFromPoint(px!, py!)?.classList.contains('react-flow__pane') ?? false, [x, y]);
      if (isPane) return { x, y };
    }
  }
  throw new Error('no empty spot on the canvas');
}

const results: Record<string, GestureResult[]> = { dragZoomedIn: [], panZoomedIn: [], dragZoomedOut: [], panZoomedOut: [] };
let zoomedOutDom = { elements: 0, cards: 0, edges: 0 };
for (let run = 0; run < RUNS; run++) {
  // Zoomed in as one edits: search a block, which centres it.
  await page.getByTestId('block-search').fill('');
  await page.getByTestId('block-search').fill('Mensagem número 500 ');
  await page.getByTestId('block-search').press('Enter');
  await page.waitForTimeout(400);
  const header = (await page.locator('[data-block-id="b500"] .block-card-header').boundingBox())!;
  results.dragZoomedIn!.push(await gesture(page, { x: header.x + 20, y: header.y + header.height / 2 }, 220, 120));
  results.panZoomedIn!.push(await gesture(page, await emptyPanePoint(page), 400, 200));
  // Zoomed out as far as it goes (a thousand blocks do not fit even then).
  await page.locator('[data-command="view.fit"]').click();
  await page.waitForTimeout(400);
  zoomedOutDom = await countDom(page);
  const card = (await page.locator('.block-card-header').nth(3).boundingBox())!;
  results.dragZoomedOut!.push(await gesture(page, { x: card.x + card.width / 2, y: card.y + card.height / 2 }, 200, 100));
  results.panZoomedOut!.push(await gesture(page, await emptyPanePoint(page), 300, 150));
}

const median = (values: number[]) => percentile(values, 50);
const line = (name: string) => {
  const runs = results[name]!;
  return (
    `${name}: ${median(runs.map((run) => run.fps)).toFixed(1)} fps (p95 frame ${median(runs.map((run) => run.p95)).toFixed(1)} ms; ` +
    `CPU per frame ${median(runs.map((run) => run.cpuPerFrame.main)).toFixed(1)} ms page main thread, ${median(runs.map((run) => run.cpuPerFrame.all)).toFixed(1)} ms all Chromium)`
  );
};
const dom = (counts: typeof openedDom) => `${counts.elements} DOM elements, ${counts.cards} cards, ${counts.edges} edges drawn`;
console.log(describeMachine());
console.log(
  `chromium ${browser.version()}, viewport 1280×800, flow of ${flowDocument.blocks.length} blocks and ${flowDocument.edges.length} edges, ${RUNS} runs (medians)`,
);
console.log(
  `open → cards drawn: ${median(drawn).toFixed(0)} ms; open → interactive (a block found by search, selected, centred, its panel open): ${median(interactive).toFixed(0)} ms`,
);
console.log(
  `open → interactive CPU: ${median(openCpu.map((cpu) => cpu.main)).toFixed(0)} ms page main thread, ${median(openCpu.map((cpu) => cpu.all)).toFixed(0)} ms all Chromium; ` +
    `then ${dom(openedDom)}; zoomed out: ${dom(zoomedOutDom)}`,
);
console.log([line('dragZoomedIn'), line('panZoomedIn')].join('; '));
console.log([line('dragZoomedOut'), line('panZoomedOut')].join('; '));

await browser.close();
await server.dispose();
