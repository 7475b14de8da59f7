// Whether this server still needs its first-run set-up: no account exists at all (not even one made
// with the CLI) and no set-up has completed. The desktop app's local server (launch token) signs its
// owner in by itself and never needs one. (Apart from setupStatus.ts so that the set-up token,
// which is issued only while set-up is needed, and the status, which reports the token, do not
// import each other.)
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';

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
