// One dedicated connection for LISTEN (a pooled one would be handed to other queries), reconnecting when it drops.
import { quoteIdentifier } from './pgRoles.js';

export function createListener(url: string, log?: (message: string) => void) {
  const handlers = new Map<string, (payload: string) => void>();
  let client: import('pg').Client | null = null;
  let closed = false;
  const connect = async (): Promise<void> => {
    const { default: pg } = await import('pg');
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => handlers.get(message.channel)?.(message.payload ?? ''));
    next.on('error', (error) => log?.(`live event listener: ${error.message}`));
    next.on('end', () => {
      if (closed) return;
      client = null;
      setTimeout(() => void connect().catch((error: Error) => log?.(`live event listener reconnect: ${error.message}`)), 1000).unref();
    });
    await next.connect();
    for (const channel of handlers.keys()) await next.query(`LISTEN ${quoteIdentifier(channel)}`);
    client = next;
  };
  return {
    async listen(channel: string, onMessage: (payload: string) => void) {
      handlers.set(channel, onMessage);
      if (!client) await connect();
      else await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    },
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
