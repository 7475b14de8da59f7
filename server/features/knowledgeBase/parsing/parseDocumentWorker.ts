// The worker thread's side of parseDocumentInWorker: parse the one file it was given and post the
// result, or the reason the uploader should see.
import { parentPort, workerData } from 'node:worker_threads';
import { TRPCError } from '@trpc/server';
import { parseDocument } from './parseDocument.js';

export type ParseWorkerInput = { entry: string; fileName: string; bytes: Uint8Array };
export type ParseWorkerOutput = { ok: true; result: Awaited<ReturnType<typeof parseDocument>> } | { ok: false; message: string; userFacing: boolean };

const input = workerData as ParseWorkerInput;
let output: ParseWorkerOutput;
try {
  output = { ok: true, result: await parseDocument(input.fileName, input.bytes) };
} catch (error) {
  // Only the parsers' own refusals (BAD_REQUEST with a reason) go to the uploader verbatim.
  output =
    error instanceof TRPCError ? { ok: false, message: error.message, userFacing: true } : { ok: false, message: (error as Error).message, userFacing: false };
}
parentPort!.postMessage(output);
