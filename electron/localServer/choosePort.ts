import net from 'node:net';

/**
 * The port the local server used last time when it is still free (the page's origin, and so its
 * saved language and server profiles, stays the same), otherwise a free one from the system.
 */
export async function choosePort(preferred: number | null, host = '127.0.0.1'): Promise<number> {
  if (preferred && (await isFree(preferred, host))) return preferred;
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

export function isFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}
