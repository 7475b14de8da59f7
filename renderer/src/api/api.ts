// The app's one API client, for the page's own server (the desktop loads each server's app from
// that server, so the page origin is always the right base URL).
import { launchToken } from '../desktop/desktopBridge';
import { createApiClient, type ApiClient } from './createApiClient';

let client: ApiClient | null = null;

export function api(): ApiClient {
  // No token: the session is the server's HttpOnly cookie, which the browser sends by itself.
  client ??= createApiClient({ baseUrl: window.location.origin, launchToken: launchToken() });
  return client;
}
