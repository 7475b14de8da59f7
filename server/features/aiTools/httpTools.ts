// The client's HTTP tools as the model calls them: the arguments checked against the tool's
// parameters, the URL template filled (each value URL-encoded), the remaining arguments as the
// query (GET, DELETE) or the JSON body, the headers read from the vault, the request made under the
// platform's outbound address policy (server/net, as the flow HTTP block), within the tool's timeout.
import { and, eq } from 'drizzle-orm';
import { argumentProblems, toolParametersSchema, type ToolParameters } from '#shared/bot/aiHttpTool.js';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables } from '#server/db/tables.js';
import { guardedRequest, OutboundRequestError } from '#server/net/guardedRequest.js';
import type { AgentTool, ToolOutcome } from './agentTool.js';

const RESPONSE_MAX_BYTES = 256 * 1024;
/** What the model reads of an answer, at most. */
const RESULT_MAX_CHARS = 4_000;

export type StoredHeader = { name: string; secretId: string };
type ToolRow = Tables['aiHttpTools']['$inferSelect'];

export async function clientHttpTools(app: AppContext, clientId: string): Promise<AgentTool[]> {
  const { aiHttpTools } = app.db.t;
  const rows = await app.db.tenant(clientId, (tx) =>
    tx
      .select()
      .from(aiHttpTools)
      .where(and(eq(aiHttpTools.clientId, clientId), eq(aiHttpTools.isActive, true))),
  );
  return rows.flatMap((row) => {
    const parsed = toolParametersSchema.safeParse(row.parameters);
    return parsed.success ? [httpTool(row, parsed.data)] : [];
  });
}

function httpTool(row: ToolRow, parameters: ToolParameters): AgentTool {
  return {
    name: row.name,
    timeoutMs: row.timeoutMs,
    definition: {
      type: 'function',
      function: { name: row.name, description: row.description, parameters: { ...parameters, additionalProperties: false } },
    },
    async run(args, context): Promise<ToolOutcome> {
      const problems = argumentProblems(parameters, args);
      if (problems.length) return { ok: false, content: JSON.stringify({ error: `bad arguments: ${problems.join('; ')}` }) };
      const used = new Set<string>();
      const url = new URL(
        row.urlTemplate.replace(/\{([^}]*)\}/g, (_match, name: string) => {
          used.add(name);
          return encodeURIComponent(String(args[name] ?? ''));
        }),
      );
      const rest = Object.fromEntries(Object.entries(args).filter(([name, value]) => !used.has(name) && value !== undefined && value !== null));
      const withBody = row.method !== 'GET' && row.method !== 'DELETE';
      if (!withBody) for (const [name, value] of Object.entries(rest)) url.searchParams.set(name, String(value));
      const headers: Record<string, string> = { 'user-agent': 'uzz-ai-tools/1', accept: 'application/json, text/plain;q=0.9, */*;q=0.5' };
      const stored = (row.headers as StoredHeader[]).filter((header) => header && typeof header.secretId === 'string');
      if (stored.length) {
        const values = await context.app.db.tenant(context.clientId, (tx) => Promise.all(stored.map((header) => context.app.vault.read(tx, header.secretId))));
        stored.forEach((header, index) => (headers[header.name] = values[index]!));
      }
      if (withBody) headers['content-type'] = 'application/json';
      try {
        const response = await guardedRequest({
          url: url.toString(),
          method: row.method,
          headers,
          body: withBody ? JSON.stringify(rest) : undefined,
          timeoutMs: row.timeoutMs,
          maxBytes: RESPONSE_MAX_BYTES,
          allowPrivateNetwork: context.app.config.allowPrivateNetwork,
        });
        const text = response.body.toString('utf8').slice(0, RESULT_MAX_CHARS);
        if (response.status < 200 || response.status >= 300)
          return { ok: false, content: JSON.stringify({ error: `the service answered ${response.status}`, body: text }) };
        return { ok: true, content: text || '(empty answer)' };
      } catch (error) {
        if (error instanceof OutboundRequestError) return { ok: false, content: JSON.stringify({ error: error.message }) };
        throw error;
      }
    },
  };
}
