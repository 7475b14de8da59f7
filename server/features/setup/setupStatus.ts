// What the sign-in page asks first: is set-up still needed, and does it need the one-time token
// printed in the server's log (a server listening beyond loopback)?
import type { AppContext } from '#server/app/appContext.js';
import { setupNeeded } from './setupNeeded.js';
import { setupTokenState } from './setupToken.js';

export async function setupStatus(app: AppContext): Promise<{ needed: boolean; tokenRequired: boolean }> {
  const needed = await setupNeeded(app);
  return { needed, tokenRequired: needed && setupTokenState(app).token !== null };
}
