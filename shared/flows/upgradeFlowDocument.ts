// Old flow documents are upgraded in code when read, never by SQL migrations (Typebot's
// migrateTypebot pattern): a stored document keeps its shape and version until it is saved again.
//
// Version 1 is the seed-era shape the first editor wrote: block types `message` ({ text } or
// { mediaUrl, mediaType, caption }), `buttons` ({ text, buttons: [{ id, title }], variable }),
// `list` ({ text, buttonText, sections }), `input` ({ text, variable, inputType, pattern }),
// `condition` (one rule: { variable, operator, value }, handles `true` / `false`), `set_variable`
// ({ variable, value }), `handoff` / `transfer`, `delay` ({ seconds }), `end`; edges from buttons
// left from the bare button id, and edges without a handle meant `next`.
import { z } from 'zod';
import { FLOW_SCHEMA_VERSION, flowDocumentSchema, type FlowDocument } from './flowDocument.js';

type Raw = Record<string, unknown>;

export type ReadResult = { ok: true; document: FlowDocument } | { ok: false; problems: string[] };

/** Reads a stored or imported document of any known version, upgraded to the current one. */
export function readFlowDocument(raw: unknown, storedVersion?: number): ReadResult {
  if (!isObject(raw)) return { ok: false, problems: ['the flow document must be a JSON object'] };
  const version = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : (storedVersion ?? 1);
  if (!Number.isInteger(version) || version < 1) return { ok: false, problems: [`unknown flow schema version ${String(raw.schemaVersion)}`] };
  if (version > FLOW_SCHEMA_VERSION) {
    return { ok: false, problems: [`this flow was made by a newer version (schema ${version}; this server reads up to ${FLOW_SCHEMA_VERSION})`] };
  }
  const upgraded = version === 1 ? upgradeV1(raw) : raw;
  const parsed = flowDocumentSchema.safeParse({ ...upgraded, schemaVersion: FLOW_SCHEMA_VERSION });
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error) };
  return { ok: true, document: parsed.data };
}

/** Like readFlowDocument, for documents this server stored itself: a failure is a bug, not user input. */
export function readStoredFlowDocument(raw: unknown, storedVersion?: number): FlowDocument {
  const result = readFlowDocument(raw, storedVersion);
  if (!result.ok) throw new Error(`stored flow document is unreadable: ${result.problems.join('; ')}`);
  return result.document;
}

export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'document'}: ${issue.message}`);
}

function upgradeV1(raw: Raw): Raw {
  const blocks = Array.isArray(raw.blocks) ? raw.blocks.filter(isObject) : [];
  const buttonBlocks = new Set<string>();
  const conditionBlocks = new Set<string>();
  const upgradedBlocks = blocks.map((block) => {
    const data = isObject(block.data) ? block.data : {};
    const base = { id: block.id, position: block.position, label: block.label };
    switch (block.type) {
      case 'message':
        return typeof data.mediaUrl === 'string'
          ? { ...base, type: 'message', data: { kind: 'media', mediaType: data.mediaType ?? 'image', url: data.mediaUrl, caption: data.caption } }
          : { ...base, type: 'message', data: { kind: 'text', text: data.text ?? '' } };
      case 'buttons':
        buttonBlocks.add(String(block.id));
        return { ...base, type: 'question', data: { text: data.text ?? '', variable: data.variable, input: { kind: 'choices', options: data.buttons ?? [] } } };
      case 'list':
        buttonBlocks.add(String(block.id));
        return {
          ...base,
          type: 'question',
          data: {
            text: data.text ?? '',
            variable: data.variable,
            input: { kind: 'list', buttonText: data.buttonText ?? 'Ver opções', sections: data.sections ?? [] },
          },
        };
      case 'input':
        return {
          ...base,
          type: 'question',
          data: { text: data.text ?? '', variable: data.variable, input: { kind: 'text', validation: data.inputType ?? 'text', pattern: data.pattern } },
        };
      case 'condition':
        conditionBlocks.add(String(block.id));
        return {
          ...base,
          type: 'condition',
          data: { branches: [{ id: 'true', rules: [{ variable: data.variable, operator: data.operator ?? 'equals', value: data.value }] }] },
        };
      case 'set_variable':
        return { ...base, type: 'set_variable', data: { assignments: [{ kind: 'text', variable: data.variable, text: String(data.value ?? '') }] } };
      case 'transfer':
      case 'handoff':
        return { ...base, type: 'handoff', data: { message: data.message } };
      case 'delay':
        return { ...base, type: 'delay', data: { seconds: data.seconds } };
      case 'end':
        return { ...base, type: 'end', data: {} };
      default:
        return { ...base, type: block.type, data }; // left for the schema to report
    }
  });
  const edges = (Array.isArray(raw.edges) ? raw.edges.filter(isObject) : []).map((edge) => {
    const source = String(edge.source);
    let handle = typeof edge.sourceHandle === 'string' && edge.sourceHandle !== '' ? edge.sourceHandle : 'next';
    if (buttonBlocks.has(source) && handle !== 'next') handle = `option:${handle}`;
    if (conditionBlocks.has(source)) handle = handle === 'true' ? 'branch:true' : 'default';
    return { id: edge.id, source: edge.source, target: edge.target, sourceHandle: handle };
  });
  return { blocks: upgradedBlocks, edges, startBlockId: raw.startBlockId ?? null, settings: isObject(raw.settings) ? raw.settings : {} };
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
