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
