// Where synthesised audio lives: DATA_DIR/tts/<client>/<hash>.ogg, written to a temporary name
// and renamed, so a reader never sees half a file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '#server/app/appContext.js';

export const ttsRoot = (app: AppContext) => path.join(app.config.dataDir, 'tts');

export const ttsRelativePath = (clientId: string, hash: string) => path.posix.join(clientId, `${hash}.ogg`);

export function ttsAbsolutePath(app: AppContext, relative: string): string {
  const root = path.resolve(ttsRoot(app));
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) throw new Error('tts path outside the tts folder');
  return file;
}

export async function writeTtsFile(app: AppContext, relative: string, bytes: Buffer): Promise<void> {
  const target = ttsAbsolutePath(app, relative);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(4).toString('hex')}.part`;
  await fs.writeFile(temporary, bytes);
  await fs.rename(temporary, target);
}

export async function readTtsFile(app: AppContext, relative: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(ttsAbsolutePath(app, relative));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
