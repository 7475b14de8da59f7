import path from 'node:path';
import type { Page } from '@playwright/test';

/** Screenshots for the README, taken by the tests themselves (docs/screenshots/). */
export const saveScreenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots', `${name}.png`) });
