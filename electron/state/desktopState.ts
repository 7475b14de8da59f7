// What the shell remembers between launches (userData/desktop-state.json): the local server's last
// port and the server the window showed last. Unreadable or foreign content gives the defaults.
import fs from 'node:fs';
import path from 'node:path';

export type DesktopState = { localPort: number | null; lastServer: string | null };

const DEFAULTS: DesktopState = { localPort: null, lastServer: null };

export function readDesktopState(userData: string): DesktopState {
  try {
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(userData, 'desktop-state.json'), 'utf8'));
    if (typeof raw !== 'object' || raw === null) return { ...DEFAULTS };
    const { localPort, lastServer } = raw as Record<string, unknown>;
    return {
      localPort: typeof localPort === 'number' && Number.isInteger(localPort) && localPort > 0 && localPort < 65536 ? localPort : null,
      lastServer: typeof lastServer === 'string' ? lastServer : null,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

export function writeDesktopState(userData: string, state: DesktopState): void {
  fs.mkdirSync(userData, { recursive: true });
  const file = path.join(userData, 'desktop-state.json');
  // Written then renamed, so a crash mid-write never leaves half a file.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}
