// Blocks that reach outside the server, through the simulator on both databases: the AI block via
// the real gateway and the fake model server (answer sent and saved, usage logged as "flow",
// failure handle), and the HTTP block refusing private addresses on a platform that does not
// allow them.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from '../gateway/gatewayTestKit.js';
import { end, flowFixture } from '#shared/flows/testing/flowFixture.js';
import { performHttpRequest } from './http/performHttpRequest.js';

describe.each(DATABASE_KINDS)('AI and HTTP blocks on %s', (kind) => {
  let kit: GatewayKit;
  let model: string;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    model = await kit.addModel({ modelName: 'flow-model' });
    await kit.admin.caller.gateway.config.update({ defaultModel: model });
  });
  afterAll(() => kit?.dispose());

  it("answers with the gateway, sends and saves the answer, and logs the usage as the flow's", async () => {
    const { clientId, owner } = await kit.makeTenant();
    const flow = await owner.caller.flows.create({
      name: 'IA',
      document: flowFixture(
        [
          { id: 'ai', type: 'ai_reply', data: { prompt: 'Resuma o pedido de {{contact_name}}', saveAs: 'summary' } },
          end('ok', 'bot', 'Resumo salvo: {{summary}}'),
          end('fail', 'bot', 'A IA falhou'),
        ],
        [
          ['ai', 'next', 'ok'],
          ['ai', 'failure', 'fail'],
        ],
      ),
    });
    const turn = await owner.caller.flows.simulate.start({ flowId: flow.id, contactName: 'Ana' });
    const answer = 'Resposta de flow-model: Resuma o pedido de Ana';
    expect(turn.messages).toEqual([
      { kind: 'text', text: answer },
      { kind: 'text', text: `Resumo salvo: ${answer}` },
    ]);
    expect(turn).toMatchObject({ status: 'completed', visited: ['ai', 'ok'], variables: { summary: answer } });
    const { gatewayUsageLogs } = kit.server.app.db.t;
    const logs = await kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(gatewayUsageLogs)
        .where(and(eq(gatewayUsageLogs.clientId, clientId))),
    );
    expect(logs).toHaveLength(1);
    expect(logs[0]!.metadata).toMatchObject({ caller: 'flow' });

    kit.fake.script(
      'flow-model',
      Array.from({ length: 10 }, () => ({ kind: 'error' as const, status: 400, message: 'bad request from the model' })),
    );
    // A new prompt (another customer): the same one would be answered from the gateway's cache.
    const failed = await owner.caller.flows.simulate.start({ flowId: flow.id, contactName: 'Bia' });
    expect(failed).toMatchObject({ status: 'completed', visited: ['ai', 'fail'], messages: [{ kind: 'text', text: 'A IA falhou' }] });
    expect(failed.notes[0]).toMatch(/ai: AI failed/);
  });

  it('refuses HTTP requests to loopback, link-local and private addresses unless the platform allows them', async () => {
    const { owner } = await kit.makeTenant();
    expect(kit.server.config.allowPrivateNetwork).toBe(false);
    const flow = await owner.caller.flows.create({
      name: 'HTTP',
      document: flowFixture(
        [
          { id: 'call', type: 'http_request', data: { url: 'http://169.254.169.254/{{path}}', statusVariable: 'status' } },
          end('ok', 'bot', 'ok'),
          end('fail', 'bot', 'falhou'),
        ],
        [
          ['call', 'next', 'ok'],
          ['call', 'failure', 'fail'],
        ],
        { settings: { variables: ['path'] } },
      ),
    });
    const turn = await owner.caller.flows.simulate.start({ flowId: flow.id });
    expect(turn).toMatchObject({ visited: ['call', 'fail'], messages: [{ kind: 'text', text: 'falhou' }] });
    expect(turn.notes[0]).toMatch(/not allowed/);

    for (const url of [
      'http://127.0.0.1:9/x',
      'http://[::1]/x',
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.5/',
      'http://192.168.1.1/',
      'http://localhost/',
      'http://198.18.0.1/',
      'http://192.0.0.8/',
      'http://[64:ff9b::7f00:1]/',
      'http://[fec0::1]/',
      'http://[::ffff:7f00:1]/',
    ]) {
      const result = await performHttpRequest({ method: 'GET', url, headers: {}, body: undefined, timeoutMs: 2000 }, { allowPrivateNetwork: false });
      expect(result, url).toMatchObject({ ok: false, error: expect.stringMatching(/not allowed/) });
    }
    expect(
      await performHttpRequest({ method: 'GET', url: 'ftp://example.test/', headers: {}, body: undefined, timeoutMs: 2000 }, { allowPrivateNetwork: false }),
    ).toMatchObject({ ok: false, error: 'only http and https URLs are allowed' });
  });
});
