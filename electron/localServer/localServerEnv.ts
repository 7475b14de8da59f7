// The environment the desktop app gives its own server: SQLite in the user-data folder, loopback
// only, a per-launch token on every request, the ready line on stdout, the bundled web build.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export type LocalServerPaths = { userData: string; webDir: string };

export const newLaunchToken = () => randomBytes(32).toString('base64url');

export function localServerEnv(base: NodeJS.ProcessEnv, paths: LocalServerPaths, launchToken: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    DATA_DIR: path.join(paths.userData, 'server'),
    HOST: '127.0.0.1',
    PORT: String(port),
    UZZ_LAUNCH_TOKEN: launchToken,
    UZZ_READY_LINE: '1',
    WEB_DIR: paths.webDir,
    LOG_LEVEL: base.UZZ_SERVER_LOG_LEVEL ?? 'info',
    // Electron's binary runs the server as plain Node (no window, no Chromium).
    ELECTRON_RUN_AS_NODE: '1',
  };
  // A DATABASE_URL from the user's shell must not send local mode to some other database.
  delete env.DATABASE_URL;
  return env;
}

/** Port of a previous URL (to keep the page's origin, hence its saved settings, across restarts). */
export function portOf(url: string | null): number | null {
  if (!url) return null;
  const port = Number(new URL(url).port);
  return Number.isInteger(port) && port > 0 ? port : null;
}
