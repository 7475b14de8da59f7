import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/testServer.js';

// The web build is made by `npm start` (ensureWebBuild.ts); when it could not be, `/` says what to do.
describe('a server without a web build', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(() => server?.dispose());

  it('answers a browser at / with a page saying to run npm run build, never a 404', async () => {
    const response = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('npm run build');
    const deep = await fetch(`${server.url}/inbox/123`, { headers: { accept: 'text/html' } });
    expect(await deep.text()).toContain('npm run build');
  });

  it('keeps the JSON 404 for other requests', async () => {
    const response = await fetch(`${server.url}/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no route for GET /nothing-here' });
  });
});
