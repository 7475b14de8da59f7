// The block types of a flow, each with its settings (`data`) and the handles its outgoing edges
// leave from. Shared by the editor (forms, handles on the canvas) and the server (executor,
// validator). Limits Meta enforces are checked by the validator, not here, so a draft that breaks
// them can still be saved and shown with its problems.
import { z } from 'zod';
import { safeText } from '../domain/safeText.js';

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const variableName = safeText().regex(VARIABLE_NAME, 'a variable name is letters, digits and _, not starting with a digit');
const id = safeText().min(1).max(200);

export const MEDIA_TYPES = ['image', 'audio', 'video', 'document'] as const;

const messageData = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: safeText() }),
  z.object({
    kind: z.literal('media'),
    mediaType: z.enum(MEDIA_TYPES),
    url: safeText(),
    caption: safeText().optional(),
    filename: safeText().optional(),
  }),
]);

export const choiceOption = z.object({ id: safeText().min(1).max(300), title: safeText(), description: safeText().optional(), value: safeText().optional() });
export type ChoiceOption = z.infer<typeof choiceOption>;

export const TEXT_VALIDATIONS = ['text', 'number', 'email', 'phone', 'date', 'pattern'] as const;
export type TextValidation = (typeof TEXT_VALIDATIONS)[number];

const questionInput = z.discriminatedUnion('kind', [
  /** 1–3 options become reply buttons, 4–10 a list; more is a validation error. */
  z.object({ kind: z.literal('choices'), options: z.array(choiceOption), listButtonText: safeText().optional() }),
  z.object({
    kind: z.literal('list'),
    buttonText: safeText(),
    sections: z.array(z.object({ title: safeText().optional(), rows: z.array(choiceOption) })),
  }),
  z.object({
    kind: z.literal('text'),
    validation: z.enum(TEXT_VALIDATIONS).default('text'),
    pattern: safeText().optional(),
  }),
]);

const questionData = z.object({
  text: safeText(),
  input: questionInput,
  variable: variableName.optional(),
  retryMessage: safeText().optional(),
  /** Invalid answers tolerated before the `gave_up` handle is taken. */
  maxRetries: z.number().int().min(0).max(10).default(2),
});

export const CONDITION_OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'starts_with',
  'greater_than',
  'less_than',
  'is_set',
  'is_not_set',
  'matches',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export const conditionRule = z.object({ variable: safeText().min(1), operator: z.enum(CONDITION_OPERATORS), value: safeText().optional() });
export type ConditionRule = z.infer<typeof conditionRule>;

const conditionData = z.object({
  branches: z.array(
    z.object({
      id,
      label: safeText().optional(),
      match: z.enum(['all', 'any']).default('all'),
      rules: z.array(conditionRule),
    }),
  ),
});

const assignment = z.discriminatedUnion('kind', [
  /** Text with {{variables}}. */
  z.object({ kind: z.literal('text'), variable: variableName, text: safeText() }),
  /** A safe expression: literals, variables, arithmetic, text functions (see evaluateExpression). */
  z.object({ kind: z.literal('expression'), variable: variableName, expression: safeText() }),
]);

const setVariableData = z.object({ assignments: z.array(assignment) });

const aiReplyData = z.object({
  prompt: safeText(),
  useKnowledgeBase: z.boolean().default(false),
  sendAnswer: z.boolean().default(true),
  saveAs: variableName.optional(),
});

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const HTTP_TIMEOUT_MAX_MS = 30_000;

const httpRequestData = z.object({
  method: z.enum(HTTP_METHODS).default('GET'),
  url: safeText(),
  // A credential header (see secretHeaders.ts) is stored in the server's vault: `secretRef` names it
  // there (the server sets it; never sent out), `isSet` tells the editor a value exists (output only).
  headers: z
    .array(
      z.object({
        name: safeText(),
        value: safeText(),
        secret: z.boolean().optional(),
        secretRef: z.string().uuid().optional(),
        isSet: z.boolean().optional(),
      }),
    )
    .default([]),
  body: safeText().optional(),
  timeoutMs: z.number().int().min(100).max(HTTP_TIMEOUT_MAX_MS).default(10_000),
  /** `path` is dotted into the JSON response (`data.items.0.name`); empty path = the whole body. */
  responseMapping: z.array(z.object({ path: safeText(), variable: variableName })).default([]),
  statusVariable: variableName.optional(),
});

/** `teamId`: the team whose queue the conversation joins (absent: the number's default team). */
const handoffData = z.object({ message: safeText().optional(), teamId: z.string().uuid('the handoff block names a team by its id').optional() });

export const DELAY_MAX_SECONDS = 24 * 60 * 60;
const delayData = z.object({ seconds: z.number().int().min(1).max(DELAY_MAX_SECONDS) });

const jumpData = z.object({
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('block'), blockId: safeText() }),
    z.object({ kind: z.literal('flow'), flowId: safeText() }),
  ]),
});

/** `bot`: the conversation goes back to the bot (AI reply); `close`: also back to `bot`, recorded as closed, no further flow messages. */
const endData = z.object({ then: z.enum(['bot', 'close']).default('bot'), message: safeText().optional() });

const position = z.object({ x: z.number(), y: z.number() }).optional();
const common = { id, position, label: safeText().optional() };

export const blockSchema = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('message'), data: messageData }),
  z.object({ ...common, type: z.literal('question'), data: questionData }),
  z.object({ ...common, type: z.literal('condition'), data: conditionData }),
  z.object({ ...common, type: z.literal('set_variable'), data: setVariableData }),
  z.object({ ...common, type: z.literal('ai_reply'), data: aiReplyData }),
  z.object({ ...common, type: z.literal('http_request'), data: httpRequestData }),
  z.object({ ...common, type: z.literal('handoff'), data: handoffData }),
  z.object({ ...common, type: z.literal('delay'), data: delayData }),
  z.object({ ...common, type: z.literal('jump'), data: jumpData }),
  z.object({ ...common, type: z.literal('end'), data: endData }),
]);

export type FlowBlock = z.infer<typeof blockSchema>;
export type BlockType = FlowBlock['type'];
export type BlockOf<T extends BlockType> = Extract<FlowBlock, { type: T }>;
export const BLOCK_TYPES: BlockType[] = ['message', 'question', 'condition', 'set_variable', 'ai_reply', 'http_request', 'handoff', 'delay', 'jump', 'end'];

/** Options of a question, whatever way they are shown (choices or list rows). */
export function questionOptions(block: BlockOf<'question'>): ChoiceOption[] {
  const input = block.data.input;
  if (input.kind === 'choices') return input.options;
  if (input.kind === 'list') return input.sections.flatMap((section) => section.rows);
  return [];
}

/** The handle an option's edge leaves from. */
export const optionHandle = (optionId: string) => `option:${optionId}`;
export const branchHandle = (branchId: string) => `branch:${branchId}`;

/**
 * The handles a block's outgoing edges may leave from, in display order. A handle with no edge
 * ends the flow when the executor reaches it (the validator warns about it).
 */
export function blockHandles(block: FlowBlock): string[] {
  switch (block.type) {
    case 'message':
    case 'set_variable':
    case 'delay':
    case 'handoff':
      return ['next'];
    case 'question': {
      const answers = block.data.input.kind === 'text' ? ['next'] : questionOptions(block).map((option) => optionHandle(option.id));
      return [...answers, 'gave_up'];
    }
    case 'condition':
      return [...block.data.branches.map((branch) => branchHandle(branch.id)), 'default'];
    case 'ai_reply':
    case 'http_request':
      return ['next', 'failure'];
    case 'jump':
    case 'end':
      return [];
  }
}

/** Handles whose absence is only a warning because they are an escape route, not the main path. */
export const FAILURE_HANDLES = new Set(['gave_up', 'failure']);
