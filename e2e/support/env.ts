// What e2e/globalSetup.ts started, as the tests see it.
export const E2E_PASSWORD = 'e2e correct horse';

export type E2eEnvironment = {
  remoteUrl: string;
  localUrl: string;
  /** A server with no account yet: the first-run set-up (firstRun.spec.ts uses it up). */
  freshUrl: string;
  launchToken: string;
  /** `platform`: a platform administrator with no client of their own. */
  accounts: { owner: string; agent: string; viewer: string; platform: string };
  phoneNumberId: string;
  appSecret: string;
};

export function e2eEnvironment(): E2eEnvironment {
  const raw = process.env.UZZ_E2E;
  if (!raw) throw new Error('UZZ_E2E is not set: run the tests with `npx playwright test` (e2e/globalSetup.ts starts the servers)');
  return JSON.parse(raw) as E2eEnvironment;
}
