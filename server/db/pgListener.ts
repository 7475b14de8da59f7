// One dedicated connection for LISTEN (a pooled one would be handed to other queries), reconnecting when it drops.
import { quoteIdentifier } from './pgRoles.js';

export function createListener(url: string, log?: (message: string) => void) {
  const handlers = new Map<string, (payload: string) => void>();
  let client: import('pg').Client | null = null;
  /** Channels the current connection LISTENs to. */
  let listened = new Set<string>();
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
    const channels = new Set<string>();
    for (const channel of handlers.keys()) {
      await next.query(`LISTEN ${quoteIdentifier(channel)}`);
      channels.add(channel);
    }
    listened = channels;
    client = next;
  };
  // Listens that arrive while the connection is being made share it (each would open one otherwise).
  let connecting: Promise<void> | null = null;
  return {
    async listen(channel: string, onMessage: (payload: string) => void) {
      handlers.set(channel, onMessage);
      if (!client) {
        connecting ??= connect().finally(() => (connecting = null));
        await connecting;
      }
      if (client && !listened.has(channel)) {
        listened.add(channel);
        await client.query(`LISTEN ${quoteIdentifier(channel)}`);
      }
    },
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
