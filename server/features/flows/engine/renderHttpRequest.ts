// An HTTP block's request with the flow's variables filled in, each encoded for where it goes
// (shared/flows/httpTemplates.ts). The body is JSON unless the block's own Content-Type says
// otherwise (the HTTP client sends application/json when it sets none).
import type { BlockOf } from '#shared/flows/blocks.js';
import { renderFormTemplate, renderHeaderTemplate, renderJsonTemplate, renderUrlTemplate } from '#shared/flows/httpTemplates.js';
import { renderTemplate, type Variables } from '#shared/flows/template.js';
import type { HttpBlockRequest } from './flowPorts.js';

export function renderHttpRequest(data: BlockOf<'http_request'>['data'], variables: Variables): HttpBlockRequest {
  const headers: Record<string, string> = {};
  for (const header of data.headers) headers[header.name] = renderHeaderTemplate(header.name, header.value, variables);
  const contentType =
    Object.entries(headers)
      .find(([name]) => name.toLowerCase() === 'content-type')?.[1]
      ?.toLowerCase() ?? 'application/json';
  const renderBody = (body: string) =>
    contentType.includes('json')
      ? renderJsonTemplate(body, variables)
      : contentType.includes('x-www-form-urlencoded')
        ? renderFormTemplate(body, variables)
        : renderTemplate(body, variables);
  return {
    method: data.method,
    url: renderUrlTemplate(data.url, variables),
    headers,
    body: data.body === undefined || data.method === 'GET' ? undefined : renderBody(data.body),
    timeoutMs: data.timeoutMs,
  };
}
