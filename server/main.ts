// `npm start`: the production server. Configuration errors are one line and exit code 1.
import { createServer } from './app/createServer.js';
import { loadConfig } from './config.js';
import { describeStartupError } from './app/describeStartupError.js';

async function main(): Promise<void> {
  const server = await createServer(loadConfig());
  const url = await server.start();
  server.http.log.info(`UZZ.AI server ready at ${url} (${server.app.db.kind === 'pg' ? 'PostgreSQL' : 'SQLite'})`);
  // The desktop shell waits for this line on stdout before loading the window.
  if (process.env.UZZ_READY_LINE === '1') process.stdout.write(`UZZ_READY ${url}\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.http.log.info(`${signal}: finishing running requests, then stopping`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`uzz: ${describeStartupError(error)}\n`);
  process.exit(1);
});
