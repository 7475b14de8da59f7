// Whether this server still needs its first-run set-up: no account exists at all (not even one made
// with the CLI) and no set-up has completed. The desktop app's local server (launch token) signs its
// owner in by itself and never needs one.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import type { Tx } from '../../db/tables.js';
import { setupTokenState } from './setupToken.js';

export const SETUP_ROW_ID = 'instance';

export async function setupNeeded(app: AppContext): Promise<boolean> {
  if (app.config.launchToken) return false;
  return app.db.system((tx) => noAccountYet(app, tx));
}

export async function noAccountYet(app: AppContext, tx: Tx): Promise<boolean> {
  const { users, instanceSetup } = app.db.t;
  const [user] = await tx.select({ id: users.id }).from(users).limit(1);
  if (user) return false;
  const [done] = await tx.select({ id: instanceSetup.id }).from(instanceSetup).where(eq(instanceSetup.id, SETUP_ROW_ID));
  return !done;
}

export async function setupStatus(app: AppContext): Promise<{ needed: boolean; tokenRequired: boolean }> {
  const needed = await setupNeeded(app);
  return { needed, tokenRequired: needed && setupTokenState(app).token !== null };
}
