// Worker threads do not inherit the tsx loader the server runs under (bin/start.mjs registers it
// in the main thread only), so a worker starts here: register tsx, then import the TypeScript
// entry named in workerData. Plain .mjs so Node can load it without any loader.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
