// A customer's answers reach the business's own API through a flow's HTTP block, through signed
// webhooks on both databases: each value is encoded for where it goes, so an answer cannot add
// JSON fields, change the request's path or query, or inject a header.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { end, flowFixture, textQuestion } from '#shared/flows/testing/flowFixture.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
let phoneCounter = 0;

describe.each(DATABASE_KINDS)('HTTP block encoding of customer answers on %s', (kind) => {
  let kit: WhatsAppKit;
  let api: { url: string; seen: Seen[]; close(): Promise<void> };
  const otherResponders = RESPONDERS.filter((responder) => responder.name !== 'flows');
  beforeAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...RESPONDERS.filter((responder) => responder.name === 'flows'));
    // The business's API listens on loopback here, so the platform allows private addresses.
    kit = await startWhatsAppKit(kind, { allowPrivateNetwork: true });
    api = await startRecordingApi();
  });
  afterAll(async () => {
    RESPONDERS.push(...otherResponders);
    await kit?.dispose();
    await api?.close();
  });

  async function customerAnswers(answers: string[]) {
    const client = await kit.newClient();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const flow = await owner.caller.flows.create({
      name: 'Cadastro',
      triggerType: 'keyword',
      triggerKeywords: ['cadastro'],
      document: flowFixture(
        [
          textQuestion('name', 'Seu nome?', 'name'),
          textQuestion('code', 'Código do pedido?', 'code'),
          {
            id: 'call',
            type: 'http_request',
            data: {
              method: 'POST',
              url: `${api.url}/customers/{{code}}/notes?ref={{name}}`,
              headers: [{ name: 'x-customer', value: '{{name}}' }],
              body: '{"name":"{{name}}","code":{{code}},"admin":false}',
              timeoutMs: 2000,
              responseMapping: [],
            },
          },
          end('ok', 'bot', 'Cadastro feito'),
          end('fail', 'bot', 'Não foi possível'),
        ],
        [
          ['name', 'code'],
          ['code', 'call'],
          ['call', 'next', 'ok'],
          ['call', 'failure', 'fail'],
        ],
      ),
    });
    await owner.caller.flows.publish({ id: flow.id });
    await owner.caller.flows.activate({ id: flow.id });
    const phone = `55119${String(Date.now()).slice(-6)}${String(++phoneCounter).padStart(2, '0')}`;
    for (const text of ['cadastro', ...answers]) {
      const response = await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone, 'Ana Lima')], messages: [inbound.text(phone, text)] }));
      expect(response.status).toBe(200);
      await kit.settle();
    }
    const texts = kit.graph.sent.filter((sent) => sent.to === phone).map((sent) => (sent.body.text as { body?: string } | undefined)?.body);
    return texts.at(-1);
  }

  it('encodes an answer as a URL component and as a JSON string: no new field, no other path', async () => {
    const before = api.seen.length;
    const name = '", "admin": true, "x": "';
    const code = '../../admin?y=1#';
    expect(await customerAnswers([name, code])).toBe('Cadastro feito');
    const [request] = api.seen.slice(before);
    expect(request).toMatchObject({ method: 'POST', url: `/customers/${encodeURIComponent(code)}/notes?ref=${encodeURIComponent(name)}` });
    const url = new URL(request!.url, api.url);
    expect(url.pathname.split('/')).toHaveLength(4);
    expect(url.searchParams.get('ref')).toBe(name);
    expect([...url.searchParams.keys()]).toEqual(['ref']);
    expect(request!.headers['x-customer']).toBe(name);
    expect(JSON.parse(request!.body)).toEqual({ name, code, admin: false });
  });

  it('sends nothing when an answer would be a ".." path segment or would break a header line', async () => {
    const before = api.seen.length;
    expect(await customerAnswers(['Ana', '..'])).toBe('Não foi possível');
    expect(await customerAnswers(['Ana\r\nX-Admin: true', '42'])).toBe('Não foi possível');
    expect(api.seen.slice(before)).toEqual([]);
    // An ordinary answer still goes through, a number stays a JSON number.
    expect(await customerAnswers(['Ana Lima', '42'])).toBe('Cadastro feito');
    expect(JSON.parse(api.seen.at(-1)!.body)).toEqual({ name: 'Ana Lima', code: '42', admin: false });
  });
});

async function startRecordingApi() {
  const seen: Seen[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
