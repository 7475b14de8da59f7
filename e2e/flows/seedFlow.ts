// Flows made over the API for the tests that start from an existing flow.
import { E2E_PASSWORD, e2eEnvironment } from '../support/env.js';
import { signInOverApi, trpcMutation } from '../support/trpcHttp.js';

export type SeededFlow = { id: string; name: string; draftRevision: number };

export async function ownerToken(): Promise<string> {
  const env = e2eEnvironment();
  return signInOverApi(env.remoteUrl, env.accounts.owner, E2E_PASSWORD);
}

export async function seedFlow(name: string, document: unknown, extra: Record<string, unknown> = {}): Promise<SeededFlow> {
  const env = e2eEnvironment();
  return trpcMutation<SeededFlow>(env.remoteUrl, 'flows.create', { name, document, ...extra }, await ownerToken());
}

export const uniqueName = (base: string) => `${base} ${Date.now().toString(36).slice(-5)}`;

/** Olá → question with two buttons → (Cardápio → a typed-answer question → end) / (Atendente → handoff). */
export function menuFlowDocument() {
  return {
    schemaVersion: 2,
    startBlockId: 'hello',
    blocks: [
      { id: 'hello', type: 'message', position: { x: 0, y: 0 }, data: { kind: 'text', text: 'Olá, {{contact_name}}! Bem-vindo à Padaria.' } },
      {
        id: 'menu',
        type: 'question',
        position: { x: 340, y: 0 },
        data: {
          text: 'O que você quer?',
          input: {
            kind: 'choices',
            options: [
              { id: 'cardapio', title: 'Cardápio' },
              { id: 'humano', title: 'Atendente' },
            ],
          },
        },
      },
      {
        id: 'name',
        type: 'question',
        position: { x: 680, y: -80 },
        data: { text: 'Qual é o seu nome?', variable: 'nome', input: { kind: 'text', validation: 'text' } },
      },
      { id: 'bye', type: 'end', position: { x: 1020, y: -80 }, data: { then: 'bot', message: 'Obrigado, {{nome}}! Até logo.' } },
      { id: 'agent', type: 'handoff', position: { x: 680, y: 160 }, data: { message: 'Chamando um atendente.' } },
    ],
    edges: [
      { id: 'e1', source: 'hello', sourceHandle: 'next', target: 'menu' },
      { id: 'e2', source: 'menu', sourceHandle: 'option:cardapio', target: 'name' },
      { id: 'e3', source: 'menu', sourceHandle: 'option:humano', target: 'agent' },
      { id: 'e4', source: 'name', sourceHandle: 'next', target: 'bye' },
    ],
  };
}

/** A chain of `count` messages (m0 → m1 → …) from left to right, ending in an end block: far wider than the screen even zoomed out. */
export function bigFlowDocument(count: number) {
  const position = (index: number) => ({ x: index * 340, y: (index % 3) * 80 });
  const blocks: unknown[] = Array.from({ length: count }, (_, index) => ({
    id: `m${index}`,
    type: 'message',
    position: position(index),
    data: { kind: 'text', text: `Mensagem ${index} de uma conversa longa.` },
  }));
  blocks.push({ id: 'fim', type: 'end', position: position(count), data: { then: 'bot' } });
  const edges = Array.from({ length: count }, (_, index) => ({
    id: `e${index}`,
    source: `m${index}`,
    sourceHandle: 'next',
    target: index + 1 < count ? `m${index + 1}` : 'fim',
  }));
  return { schemaVersion: 2, startBlockId: 'm0', blocks, edges };
}
