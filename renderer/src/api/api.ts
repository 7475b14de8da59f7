// The app's one API client, for the page's own server (the desktop loads each server's app from
// that server, so the page origin is always the right base URL).
import { launchToken } from '../desktop/desktopBridge';
import { useSession } from '../session/useSession';
import { createApiClient, type ApiClient } from './createApiClient';

let client: ApiClient | null = null;

export function api(): ApiClient {
  client ??= createApiClient({ baseUrl: window.location.origin, getToken: () => useSession.getState().token, launchToken: launchToken() });
  return client;
}
