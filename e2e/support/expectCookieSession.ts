// The browser's session is an HttpOnly, SameSite=Strict cookie of the page's server: localStorage
// holds no token and `document.cookie` (what a script on the page sees) does not show it.
import { expect, type Page } from '@playwright/test';

export async function expectCookieSession(page: Page, serverUrl: string): Promise<void> {
  const port = new URL(serverUrl).port;
  const session = (await page.context().cookies(serverUrl)).find((cookie) => cookie.name === `uzz_session_${port}`);
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(session!.value.length).toBeGreaterThan(20);
  const stored = await page.evaluate(() =>
    Object.entries(localStorage)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
  );
  expect(stored).not.toContain(session!.value);
  expect(stored).not.toContain('uzz.session=');
  expect(await page.evaluate(() => document.cookie)).not.toContain(session!.value);
}

/** After sign-out the server has taken the cookie back. */
export async function expectNoCookieSession(page: Page, serverUrl: string): Promise<void> {
  expect((await page.context().cookies(serverUrl)).filter((cookie) => cookie.name.startsWith('uzz_session'))).toEqual([]);
}
