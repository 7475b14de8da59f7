// The 20-block flow the flow benchmarks drive (flowThroughput: closed loop; flowOpenLoop: fixed
// arrival rates): per round a question with two buttons, a variable set from the answer, a
// condition on the running score and a message; five rounds. And the flows responder's timer they share.
import { performance } from 'node:perf_hooks';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import type { WhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import { choices, condition, flowFixture, message, setVariable } from '#shared/flows/testing/flowFixture.js';

export const TWENTY_BLOCK_ROUNDS = 5;

export function twentyBlockFlow() {
  const blocks = [];
  const edges: [string, string, string][] = [];
  for (let round = 1; round <= TWENTY_BLOCK_ROUNDS; round++) {
    const q = `q${round}`;
    blocks.push(
      choices(q, `Pergunta ${round}, {{contact_name}}?`, ['Sim', 'Não'], { variable: `a${round}` }),
      setVariable(`s${round}`, 'score', round === 1 ? 'if(a1 == "Sim", 1, 0)' : `score + if(a${round} == "Sim", 1, 0)`),
      condition(`c${round}`, [{ id: 'high', variable: 'score', operator: 'greater_than', value: String(round / 2) }]),
      message(`m${round}`, `Rodada ${round}: {{score}} pontos`),
    );
    edges.push(
      [q, `option:${q}_o1`, `s${round}`],
      [q, `option:${q}_o2`, `s${round}`],
      [`s${round}`, 'next', `c${round}`],
      [`c${round}`, 'branch:high', `m${round}`],
      [`c${round}`, 'default', `m${round}`],
    );
    if (round < TWENTY_BLOCK_ROUNDS) edges.push([`m${round}`, 'next', `q${round + 1}`]);
  }
  return flowFixture(blocks, edges, { settings: { variables: [] } });
}

/**
 * Times the flows responder (found by name: the CSAT, campaign and business-hours responders come
 * before it) into `times`, in ms per customer message it is asked about; returns what puts the
 * original back.
 */
export function timeFlowsResponder(times: number[]): () => void {
  const index = RESPONDERS.findIndex((responder) => responder.name === 'flows');
  if (index < 0) throw new Error('no flows responder in the message path');
  const original = RESPONDERS[index]!;
  RESPONDERS[index] = {
    name: original.name,
    async respond(message) {
      const started = performance.now();
      try {
        return await original.respond(message);
      } finally {
        times.push(performance.now() - started);
      }
    },
  };
  return () => {
    RESPONDERS[index] = original;
  };
}

/** A client on `kit` with the 20-block flow published and active (started by the keyword "começar"). */
export async function clientWithTwentyBlockFlow(kit: WhatsAppKit) {
  const client = await kit.newClient();
  const owner = await kit.server.signIn({ clientId: client.id, role: 'admin' });
  const flow = await owner.caller.flows.create({ name: 'bench', triggerKeywords: ['começar'], document: twentyBlockFlow() });
  const published = await owner.caller.flows.publish({ id: flow.id });
  if (published.warnings.some((problem) => problem.severity === 'error')) throw new Error('bench flow invalid');
  await owner.caller.flows.activate({ id: flow.id });
  return client;
}
