import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Serves the renderer's web build at `/`, with index.html for client-side routes. */
export async function registerWebApp(http: FastifyInstance, webDir: string): Promise<void> {
  await http.register(fastifyStatic, { root: path.resolve(webDir), prefix: '/', wildcard: false });
  http.setNotFoundHandler((request, reply) => {
    const accept = request.headers.accept ?? '';
    if (request.method === 'GET' && accept.includes('text/html')) return reply.sendFile('index.html');
    return reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` });
  });
}

/**
 * No web build to serve (see ensureWebBuild.ts): a page saying how to make one instead of a 404,
 * for anyone opening the server in a browser. Other requests keep their JSON 404.
 */
export function registerMissingWebApp(http: FastifyInstance): void {
  http.setNotFoundHandler((request, reply) => {
    const accept = request.headers.accept ?? '';
    if (request.method === 'GET' && accept.includes('text/html')) {
      return reply.code(503).type('text/html; charset=utf-8').send(MISSING_WEB_APP_PAGE);
    }
    return reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` });
  });
}

const MISSING_WEB_APP_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>UZZ.AI: web app not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<h1>The web app is not built yet</h1>
<p>The server is running, but the interface it serves here has not been built. In the project folder run:</p>
<pre style="background: #f3f3f3; padding: 0.75rem">npm run build</pre>
<p>then start the server again (<code>npm start</code>). The server's log says why it could not build it by itself.</p>
<hr><p lang="pt-BR">O servidor está rodando, mas a interface ainda não foi gerada. Na pasta do projeto, rode <code>npm run build</code> e inicie o servidor de novo.</p>
</body></html>
`;
