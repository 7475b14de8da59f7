// The OpenAPI 3.1 description of /api/v1, built from the same zod schemas the handlers validate
// with (zod's own toJSONSchema: JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
import { z } from 'zod';
import { API_SCOPES } from '#shared/domain/apiScopes.js';
import { APP_VERSION } from '#server/app/version.js';
import { apiErrorSchema } from './apiError.js';
import { API_ROUTES } from './routes.js';

const toSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};

const errorRef = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorRef } } });

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
    const parameters: unknown[] = [];
    for (const [location, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input') as { properties?: Record<string, { description?: string }>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: location,
          required: location === 'path' || (json.required ?? []).includes(name),
          ...(property.description ? { description: property.description } : {}),
          schema: property,
        });
      }
    }
    if (route.method === 'POST') {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Any unique string (a UUID): a retry with the same key returns the first answer and never acts twice (kept 24 h).',
        schema: { type: 'string', maxLength: 255 },
      });
    }
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      security: [{ apiKey: [route.scope] }],
      'x-required-scope': route.scope,
      ...(parameters.length ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } } : {}),
      responses: {
        [String(route.status)]: {
          description: route.status === 202 ? 'Accepted (queued)' : 'OK',
          content: { 'application/json': { schema: toSchema(route.response, 'output') } },
        },
        '400': errorResponse('Invalid input (details lists each problem)'),
        '401': errorResponse('Missing or invalid API key'),
        '403': errorResponse('The key lacks the scope'),
        '404': errorResponse('Not found'),
        '409': errorResponse('Conflict (a refused status move, or the same Idempotency-Key still running)'),
        '422': errorResponse('Not possible now (the 24-hour window is closed, the flow is not published, the key was used for another request…)'),
        '429': {
          ...errorResponse('Rate limited: wait Retry-After seconds'),
          headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'UZZ.AI ChatBot public API',
      version: APP_VERSION,
      description:
        'Send WhatsApp messages, start flows, read and update contacts, and manage conversations. Authenticate with a client API key (`Authorization: Bearer uzz-sk-…`); each endpoint needs the scope it names. See docs/api.md.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: `A client API key (npx uzz apikey create). Scopes: ${API_SCOPES.join(', ')}; a key without scopes has all.`,
        },
      },
      schemas: { Error: toSchema(apiErrorSchema, 'output') },
    },
    paths,
  };
}
