import type { WebContents } from 'electron';
import { isAppUrl, isSafeExternalUrl } from './navigationPolicy.js';

/**
 * Keeps the window on the app: navigation only to app origins; new windows never open (links go
 * to the system browser instead); no <webview>.
 */
export function guardWebContents(contents: WebContents, appOrigins: () => string[], openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, appOrigins())) return;
    event.preventDefault();
    if (isSafeExternalUrl(url)) openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appOrigins())) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
