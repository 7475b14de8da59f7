// Session-level guards: the CSP header on app pages, the launch token on every request to the
// local server (so the page, its scripts and its EventSource never need to carry it), and no
// permission requests except notifications.
import type { Session } from 'electron';
import { contentSecurityPolicy } from './contentSecurityPolicy.js';
import { isAppUrl, originOf } from './navigationPolicy.js';

export type SessionPolicy = {
  appOrigins(): string[];
  /** The local server's origin and launch token (null before it is ready). */
  localServer(): { origin: string; launchToken: string } | null;
};

export function hardenSession(session: Session, policy: SessionPolicy): void {
  session.webRequest.onBeforeSendHeaders((details, callback) => {
    const local = policy.localServer();
    if (local && originOf(details.url) === local.origin) {
      callback({ requestHeaders: { ...details.requestHeaders, 'x-uzz-launch-token': local.launchToken } });
      return;
    }
    callback({ requestHeaders: details.requestHeaders });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType === 'mainFrame' && isAppUrl(details.url, policy.appOrigins())) {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
      return;
    }
    callback({ responseHeaders: details.responseHeaders });
  });
  session.setPermissionRequestHandler((_webContents, permission, callback) => callback(permission === 'notifications'));
}
