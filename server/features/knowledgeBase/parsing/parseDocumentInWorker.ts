// Parsing runs customer files through PDF.js, mammoth/JSZip and htmlparser2: a hostile or just
// enormous file could hold the event loop (every tenant's webhooks and API calls) or fill the
// process's memory. Each upload is parsed in its own worker thread with a heap limit and a time
// limit; when either is hit the worker is terminated and only that upload fails, with a reason.
// Buffers outside the JavaScript heap are not covered by the heap limit, which is why DOCX is also
// checked for compression bombs before inflating (checkZipBomb).
import { Worker } from 'node:worker_threads';
import { invalidDocument } from './invalidDocument.js';
import { detectFormat, parseDocument } from './parseDocument.js';
import type { ParseWorkerInput, ParseWorkerOutput } from './parseDocumentWorker.js';
import type { DocumentFormat } from './parsedDocument.js';

export type ParseLimits = { heapMb: number; timeMs: number; concurrent: number };
export const PARSE_LIMITS: ParseLimits = { heapMb: 512, timeMs: 60_000, concurrent: 2 };

type Parsed = Awaited<ReturnType<typeof parseDocument>>;

// A few uploads at once each get a worker; more wait, so a burst cannot multiply the memory use.
let running = 0;
const waiting: Array<() => void> = [];
async function slot<T>(concurrent: number, work: () => Promise<T>): Promise<T> {
  if (running >= concurrent) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

// The formats whose parsers inflate, build trees or run a PDF interpreter. Plain text, Markdown and
// CSV are one linear pass over at most MAX_UPLOAD_BYTES: not worth a worker's start-up.
const IN_WORKER = new Set<DocumentFormat>(['pdf', 'docx', 'html']);

// Compiled (dist/node, plain node: this file is .js) the worker runs the compiled entry itself;
// from the TypeScript sources (tsx, vitest) it starts through the bootstrap that registers tsx.
const COMPILED = import.meta.url.endsWith('.js');
const WORKER_ENTRY = new URL(COMPILED ? './parseDocumentWorker.js' : './parseDocumentWorker.ts', import.meta.url);
const WORKER_SCRIPT = COMPILED ? WORKER_ENTRY : new URL('./tsWorkerBootstrap.mjs', import.meta.url);

export async function parseDocumentInWorker(fileName: string, bytes: Uint8Array, limits: ParseLimits = PARSE_LIMITS): Promise<Parsed> {
  if (bytes.length === 0 || !IN_WORKER.has(detectFormat(fileName, bytes))) return parseDocument(fileName, bytes);
  return slot(limits.concurrent, () => runWorker(fileName, bytes, limits));
}

function runWorker(fileName: string, bytes: Uint8Array, limits: ParseLimits): Promise<Parsed> {
  const rejected = (reason: string) => invalidDocument(fileName, `document rejected: ${reason}`);
  return new Promise<Parsed>((resolve, reject) => {
    const input: ParseWorkerInput = { entry: WORKER_ENTRY.href, fileName, bytes };
    const worker = new Worker(WORKER_SCRIPT, {
      workerData: input,
      // Not the parent's flags (a test runner's or an inspector's): compiled code needs none, and from
      // the sources the bootstrap loads tsx itself.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(4, limits.heapMb / 8)) },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => reject(rejected(`reading it took longer than ${Math.ceil(limits.timeMs / 1000)} s`))), limits.timeMs);
    worker.once('message', (output: ParseWorkerOutput) =>
      settle(() => {
        if (output.ok) resolve(output.result);
        else
          reject(
            output.userFacing ? invalidDocument(fileName, output.message.replace(`${fileName}: `, '')) : rejected(`it could not be read (${output.message})`),
          );
      }),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? rejected(`reading it needs more than ${limits.heapMb} MB of memory`)
            : rejected(`it could not be read (${error.message})`),
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(rejected(`the reader stopped unexpectedly (exit code ${code})`))));
  });
}
