// Child process of gatewayVsPortkey.bench.ts: the one fake provider every target calls (the
// project's fake OpenAI-compatible server, answering chat completions with usage), after a fixed
// delay of argv[2] ms. Its own process, so its event loop does not share the load generator's.
// Prints its base URL (ending in /v1) as one line, then serves until killed.
import { startFakeModelServer } from '#server/dev/fakeModelServer.js';

const latencyMs = Number(process.argv[2] ?? 50);
const fake = await startFakeModelServer({ latencyMs, recordRequests: false });
process.stdout.write(`${fake.baseUrl}\n`);
const stop = () => void fake.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
