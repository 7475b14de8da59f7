// Every problem of a flow document, each tied to the block (or edge) it belongs to, so the editor
// can mark it on the canvas. Errors block publishing; warnings are shown but allowed. Each problem
// is a code (with a variant) and parameters the editor translates, naming blocks by their label
// (or type) through `blockId`/`blockIds`, never by id; `message` is the same in English, for the
// server's replies and logs.
import {
  BUTTON_ID_MAX,
  BUTTON_TITLE_MAX,
  INTERACTIVE_BODY_MAX,
  LIST_BUTTON_TEXT_MAX,
  LIST_ROW_DESCRIPTION_MAX,
  LIST_ROW_ID_MAX,
  LIST_ROW_TITLE_MAX,
  LIST_ROWS_MAX,
  LIST_SECTION_TITLE_MAX,
  LIST_SECTIONS_MAX,
  MEDIA_CAPTION_MAX,
  REPLY_BUTTONS_MAX,
  TEXT_BODY_MAX,
} from '../whatsapp/limits.js';
import { blockHandles, FAILURE_HANDLES, questionOptions, type BlockOf, type ChoiceOption, type FlowBlock } from './blocks.js';
import { ExpressionError, expressionVariables } from './evaluateExpression.js';
import { SYSTEM_VARIABLES, type FlowDocument } from './flowDocument.js';
import { normalizeText } from './normalizeText.js';
import { compilePattern } from './safeRegExp.js';
import { templateVariables } from './template.js';

export type Severity = 'error' | 'warning';
export type ProblemParams = Record<string, string | number>;
export type FlowProblem = {
  severity: Severity;
  code: string;
  /** A finer case of the code (which field, which kind of block): the editor's message is `code.variant`. */
  variant?: string;
  params: ProblemParams;
  /** In English, blocks named by label or type. */
  message: string;
  /** The block the problem belongs to (null for the document as a whole). */
  blockId: string | null;
  edgeId?: string;
  /** Every block involved, for problems that span several (loops). */
  blockIds?: string[];
};

export type ValidateOptions = {
  /** Flows of the same client a jump may target; when given, jumps to others are errors. */
  flowIds?: ReadonlySet<string>;
};

export function validateFlow(document: FlowDocument, options: ValidateOptions = {}): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const add = (severity: Severity, code: string, blockId: string | null, message: string, extra: Partial<FlowProblem> = {}) =>
    problems.push({ severity, code, message, blockId, params: {}, ...extra });

  const blocks = new Map<string, FlowBlock>();
  for (const block of document.blocks) {
    if (blocks.has(block.id))
      add('error', 'duplicate_block_id', block.id, `${englishName(block)} has the same internal id as another block: delete one of them`);
    else blocks.set(block.id, block);
  }

  if (!document.startBlockId) add('error', 'missing_start', null, 'the flow has no start block');
  else if (!blocks.has(document.startBlockId)) add('error', 'missing_start', null, 'the start block no longer exists: choose another one');

  // Edges: both ends must exist, leave from a handle the block has, one edge per handle.
  const used = new Map<string, string>();
  const next = new Map<string, string[]>();
  for (const edge of document.edges) {
    const source = blocks.get(edge.source);
    if (!source) {
      add('error', 'edge_missing_source', null, 'a connection leaves from a block that does not exist', { edgeId: edge.id });
      continue;
    }
    if (!blocks.has(edge.target)) {
      add('error', 'edge_missing_target', source.id, `a connection from ${englishName(source)} goes to a block that does not exist`, { edgeId: edge.id });
      continue;
    }
    if (!blockHandles(source).includes(edge.sourceHandle)) {
      add('error', 'edge_unknown_handle', source.id, `a connection leaves ${englishName(source)} from a way out it no longer has`, { edgeId: edge.id });
      continue;
    }
    const key = `${edge.source}\u0000${edge.sourceHandle}`;
    if (used.has(key))
      add(
        'error',
        'handle_multiple_edges',
        source.id,
        `"${handleName(source, edge.sourceHandle)}" of ${englishName(source)} has more than one connection; only one path can follow it`,
        {
          edgeId: edge.id,
          params: { handle: edge.sourceHandle },
        },
      );
    else used.set(key, edge.target);
    next.set(source.id, [...(next.get(source.id) ?? []), edge.target]);
  }
  for (const block of blocks.values()) {
    for (const handle of blockHandles(block)) {
      if (used.has(`${block.id}\u0000${handle}`)) continue;
      const escape = FAILURE_HANDLES.has(handle);
      const what = escape
        ? `"${handleName(block, handle)}" is not connected: when it happens the flow ends`
        : `"${handleName(block, handle)}" is not connected: the flow ends there`;
      add('warning', 'handle_unconnected', block.id, what, { params: { handle }, ...(escape ? { variant: 'escape' } : {}) });
    }
    if (block.type === 'jump' && block.data.target.kind === 'block') next.set(block.id, [block.data.target.blockId]);
  }

  // Reachability from the start.
  if (document.startBlockId && blocks.has(document.startBlockId)) {
    const reached = new Set([document.startBlockId]);
    const queue = [document.startBlockId];
    while (queue.length)
      for (const target of next.get(queue.shift()!) ?? [])
        if (!reached.has(target)) {
          reached.add(target);
          queue.push(target);
        }
    for (const block of blocks.values())
      if (!reached.has(block.id)) add('warning', 'unreachable_block', block.id, `no path from the start reaches ${englishName(block)}`);
  }

  const defined = definedVariables(document);
  for (const block of blocks.values()) checkBlock(block, { add, blocks, defined, options });

  for (const cycle of loopsWithoutWaiting(blocks, next)) {
    const names = cycle.map((id) => englishName(blocks.get(id)!)).join(' → ');
    add('error', 'loop_without_question', cycle[0]!, `these blocks loop without a question or delay, so the flow would run forever: ${names}`, {
      blockIds: cycle,
    });
  }
  return problems;
}

export const hasErrors = (problems: FlowProblem[]) => problems.some((problem) => problem.severity === 'error');

const ENGLISH_TYPE_NAMES: Record<FlowBlock['type'], string> = {
  message: 'message',
  question: 'question',
  condition: 'condition',
  set_variable: 'set variable',
  ai_reply: 'AI reply',
  http_request: 'HTTP request',
  handoff: 'hand to a human',
  delay: 'wait',
  jump: 'jump',
  end: 'end',
};

/** A block as people know it: its label, or its type (never its internal id). */
export function englishName(block: FlowBlock): string {
  return block.label?.trim() ? `"${block.label.trim()}"` : `the ${ENGLISH_TYPE_NAMES[block.type]} block`;
}

/** A way out as the canvas shows it: an option's title, a branch's label, or the handle's kind. */
function handleName(block: FlowBlock, handle: string): string {
  if (block.type === 'question' && handle.startsWith('option:')) {
    const options = questionOptions(block);
    const index = options.findIndex((option) => `option:${option.id}` === handle);
    return options[index]?.title || `option ${index + 1}`;
  }
  if (block.type === 'condition' && handle.startsWith('branch:')) {
    const branch = block.data.branches.find((candidate) => `branch:${candidate.id}` === handle);
    return branch?.label || 'branch';
  }
  return handle.replace('_', ' ');
}

type Context = {
  add: (severity: Severity, code: string, blockId: string | null, message: string, extra?: Partial<FlowProblem>) => void;
  blocks: Map<string, FlowBlock>;
  defined: Set<string>;
  options: ValidateOptions;
};

/** Set by a block, a system variable, or a contact attribute (`contact_<key>`, filled from the contact at the flow's start). */
const isDefined = (context: Context, name: string) => context.defined.has(name) || name.startsWith('contact_');

function checkBlock(block: FlowBlock, context: Context): void {
  const { add } = context;
  /** `where` says which field (the editor's `unknown_variable.<where>`), `detail` names it when there are several. */
  const uses = (text: string | undefined, where: string, english: string, detail: ProblemParams = {}) => {
    for (const name of templateVariables(text ?? '')) {
      if (!isDefined(context, name))
        add('warning', 'unknown_variable', block.id, `${english} uses {{${name}}}, which no block sets`, {
          variant: where,
          params: { variable: name, ...detail },
        });
    }
  };
  switch (block.type) {
    case 'message': {
      const data = block.data;
      if (data.kind === 'text') {
        if (data.text.trim() === '') add('error', 'empty_text', block.id, 'the message is empty', { variant: 'message' });
        if ([...data.text].length > TEXT_BODY_MAX)
          add('error', 'body_too_long', block.id, `the message is longer than WhatsApp's ${TEXT_BODY_MAX} characters`, {
            variant: 'message',
            params: { max: TEXT_BODY_MAX },
          });
        uses(data.text, 'message', 'the message');
      } else {
        if (data.url.trim() === '') add('error', 'media_url_missing', block.id, `the ${data.mediaType} has no URL`);
        if (data.caption && [...data.caption].length > MEDIA_CAPTION_MAX)
          add('error', 'caption_too_long', block.id, `the caption is longer than WhatsApp's ${MEDIA_CAPTION_MAX} characters`, {
            params: { max: MEDIA_CAPTION_MAX },
          });
        if (data.caption && data.mediaType === 'audio') add('warning', 'caption_ignored', block.id, 'WhatsApp shows no caption on audio');
        uses(data.url, 'mediaUrl', 'the media URL');
        uses(data.caption, 'caption', 'the caption');
      }
      break;
    }
    case 'question':
      checkQuestion(block, context);
      uses(block.data.text, 'question', 'the question');
      uses(block.data.retryMessage, 'retry', 'the retry message');
      break;
    case 'condition':
      if (block.data.branches.length === 0) add('warning', 'condition_without_branches', block.id, 'the condition has no branches: it always takes "default"');
      block.data.branches.forEach((branch, index) => {
        const name = branch.label?.trim() || `#${index + 1}`;
        const params = { branch: name };
        if (branch.rules.length === 0) add('error', 'branch_without_rules', block.id, `branch "${name}" has no rules`, { params });
        for (const rule of branch.rules) {
          const root = rule.variable.split('.')[0]!;
          if (!isDefined(context, root))
            add('warning', 'unknown_variable', block.id, `branch "${name}" tests "${rule.variable}", which no block sets`, {
              variant: 'branch',
              params: { ...params, variable: rule.variable },
            });
          uses(rule.value, 'branchValue', `branch "${name}"`, params);
          if (rule.operator === 'matches') {
            const compiled = compilePattern(rule.value ?? '');
            if (typeof compiled === 'string')
              add('error', 'invalid_pattern', block.id, `branch "${name}": ${compiled}`, { variant: 'branch', params: { ...params, reason: compiled } });
          }
          if (
            (rule.operator === 'greater_than' || rule.operator === 'less_than') &&
            rule.value !== undefined &&
            !rule.value.includes('{{') &&
            !Number.isFinite(Number(rule.value.replace(',', '.')))
          ) {
            add('error', 'not_a_number', block.id, `branch "${name}" compares with "${rule.value}", which is not a number`, {
              params: { ...params, value: rule.value },
            });
          }
        }
      });
      break;
    case 'set_variable':
      if (block.data.assignments.length === 0) add('warning', 'nothing_to_set', block.id, 'the block sets no variable');
      for (const assignment of block.data.assignments) {
        const target = { target: assignment.variable };
        if (assignment.kind === 'text') {
          uses(assignment.text, 'assignment', `the value of ${assignment.variable}`, target);
          continue;
        }
        try {
          for (const name of expressionVariables(assignment.expression)) {
            if (!isDefined(context, name))
              add('warning', 'unknown_variable', block.id, `the expression for ${assignment.variable} uses "${name}", which no block sets`, {
                variant: 'expression',
                params: { ...target, variable: name },
              });
          }
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
          add('error', 'invalid_expression', block.id, `the expression for ${assignment.variable} is invalid: ${error.message}`, {
            params: { ...target, reason: error.message },
          });
        }
      }
      break;
    case 'ai_reply':
      if (block.data.prompt.trim() === '') add('error', 'empty_prompt', block.id, 'the AI block has no prompt');
      if (!block.data.sendAnswer && !block.data.saveAs) add('warning', 'ai_answer_unused', block.id, 'the answer is neither sent nor saved');
      uses(block.data.prompt, 'prompt', 'the prompt');
      break;
    case 'http_request': {
      const url = block.data.url.replace(/\{\{[^}]*\}\}/g, 'x');
      if (!/^https?:\/\/[^\s/]+/i.test(url)) add('error', 'invalid_url', block.id, 'the URL must start with http:// or https:// and name a host');
      uses(block.data.url, 'url', 'the URL');
      uses(block.data.body, 'body', 'the body');
      for (const header of block.data.headers) {
        if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header.name))
          add('error', 'invalid_header', block.id, `"${header.name}" is not a valid header name`, { params: { header: header.name } });
        uses(header.value, 'header', `header ${header.name}`, { header: header.name });
      }
      break;
    }
    case 'handoff':
      uses(block.data.message, 'handoff', 'the handoff message');
      break;
    case 'delay':
      break;
    case 'jump': {
      const target = block.data.target;
      if (target.kind === 'block') {
        if (!context.blocks.has(target.blockId))
          add('error', 'jump_target_missing', block.id, 'the jump goes to a block that does not exist', { variant: 'block' });
        else if (target.blockId === block.id) add('error', 'jump_to_itself', block.id, 'the jump goes to itself');
      } else if (context.options.flowIds && !context.options.flowIds.has(target.flowId)) {
        add('error', 'jump_target_missing', block.id, 'the jump goes to a flow that does not exist', { variant: 'flow' });
      }
      break;
    }
    case 'end':
      uses(block.data.message, 'closing', 'the closing message');
      break;
  }
}

function checkQuestion(block: BlockOf<'question'>, { add }: Context): void {
  const input = block.data.input;
  const text = block.data.text;
  if (text.trim() === '') add('error', 'empty_text', block.id, 'the question has no text', { variant: 'question' });
  if (input.kind === 'text') {
    if ([...text].length > TEXT_BODY_MAX)
      add('error', 'body_too_long', block.id, `the question is longer than WhatsApp's ${TEXT_BODY_MAX} characters`, {
        variant: 'question',
        params: { max: TEXT_BODY_MAX },
      });
    if (input.validation === 'pattern') {
      const compiled = compilePattern(input.pattern ?? '');
      if (!input.pattern) add('error', 'invalid_pattern', block.id, 'the answer is validated by a pattern, but none is set', { variant: 'missing' });
      else if (typeof compiled === 'string') add('error', 'invalid_pattern', block.id, compiled, { params: { reason: compiled } });
    }
    if (!block.data.variable) add('warning', 'answer_not_saved', block.id, 'the answer is not saved in a variable');
    return;
  }
  if ([...text].length > INTERACTIVE_BODY_MAX)
    add('error', 'body_too_long', block.id, `the question is longer than WhatsApp's ${INTERACTIVE_BODY_MAX} characters for buttons and lists`, {
      variant: 'interactive',
      params: { max: INTERACTIVE_BODY_MAX },
    });
  const options = questionOptions(block);
  if (options.length === 0) add('error', 'no_options', block.id, 'the question has no options');
  if (options.length > LIST_ROWS_MAX)
    add('error', 'too_many_options', block.id, `WhatsApp shows at most ${LIST_ROWS_MAX} options (this has ${options.length}); split the question`, {
      params: { max: LIST_ROWS_MAX, count: options.length },
    });
  const asButtons = input.kind === 'choices' && options.length <= REPLY_BUTTONS_MAX;
  const titleMax = asButtons ? BUTTON_TITLE_MAX : LIST_ROW_TITLE_MAX;
  const idMax = asButtons ? BUTTON_ID_MAX : LIST_ROW_ID_MAX;
  const seenTitles = new Set<string>();
  const seenIds = new Set<string>();
  options.forEach((option: ChoiceOption, index) => {
    const name = option.title || `#${index + 1}`;
    const params = { option: name };
    if (option.title.trim() === '') add('error', 'empty_option_title', block.id, `option ${index + 1} has no title`, { params: { index: index + 1 } });
    if ([...option.title].length > titleMax) {
      add(
        'error',
        asButtons ? 'button_title_too_long' : 'row_title_too_long',
        block.id,
        `"${name}" is longer than WhatsApp's ${titleMax} characters for ${asButtons ? 'a button' : 'a list row'}`,
        { params: { ...params, max: titleMax } },
      );
    }
    if (option.id.length > idMax)
      add('error', 'option_id_too_long', block.id, `the id of "${name}" is longer than ${idMax} characters`, { params: { ...params, max: idMax } });
    if (option.description && asButtons) add('warning', 'description_ignored', block.id, `reply buttons show no description ("${name}")`, { params });
    if (option.description && [...option.description].length > LIST_ROW_DESCRIPTION_MAX)
      add('error', 'row_description_too_long', block.id, `the description of "${name}" is longer than WhatsApp's ${LIST_ROW_DESCRIPTION_MAX} characters`, {
        params: { ...params, max: LIST_ROW_DESCRIPTION_MAX },
      });
    const normalized = normalizeText(option.title);
    if (seenTitles.has(normalized))
      add('error', 'duplicate_option_title', block.id, `two options are titled "${option.title}": the customer's answer could not tell them apart`, { params });
    seenTitles.add(normalized);
    if (seenIds.has(option.id)) add('error', 'duplicate_option_id', block.id, `two options have the same internal id ("${name}" and another)`, { params });
    seenIds.add(option.id);
  });
  const buttonText = input.kind === 'list' ? input.buttonText : input.listButtonText;
  if (!asButtons && buttonText && [...buttonText].length > LIST_BUTTON_TEXT_MAX)
    add('error', 'list_button_text_too_long', block.id, `the list button text is longer than WhatsApp's ${LIST_BUTTON_TEXT_MAX} characters`, {
      params: { max: LIST_BUTTON_TEXT_MAX },
    });
  if (input.kind === 'list') {
    if (input.buttonText.trim() === '') add('error', 'list_button_text_missing', block.id, 'the list needs the text of the button that opens it');
    if (input.sections.length > LIST_SECTIONS_MAX)
      add('error', 'too_many_sections', block.id, `WhatsApp allows at most ${LIST_SECTIONS_MAX} sections`, { params: { max: LIST_SECTIONS_MAX } });
    input.sections.forEach((section, index) => {
      if (section.rows.length === 0) add('error', 'empty_section', block.id, `section ${index + 1} has no rows`, { params: { index: index + 1 } });
      if (input.sections.length > 1 && !section.title?.trim())
        add('error', 'section_title_missing', block.id, `section ${index + 1} needs a title when the list has several sections`, {
          params: { index: index + 1 },
        });
      if (section.title && [...section.title].length > LIST_SECTION_TITLE_MAX)
        add('error', 'section_title_too_long', block.id, `section "${section.title}" is longer than WhatsApp's ${LIST_SECTION_TITLE_MAX} characters`, {
          params: { section: section.title, max: LIST_SECTION_TITLE_MAX },
        });
    });
  }
}

/** Every variable some block sets, plus the system ones and those the flow declares. */
export function definedVariables(document: FlowDocument): Set<string> {
  const names = new Set<string>([...SYSTEM_VARIABLES, ...document.settings.variables]);
  for (const block of document.blocks) {
    if (block.type === 'question' && block.data.variable) names.add(block.data.variable);
    if (block.type === 'set_variable') block.data.assignments.forEach((assignment) => names.add(assignment.variable));
    if (block.type === 'ai_reply' && block.data.saveAs) names.add(block.data.saveAs);
    if (block.type === 'http_request') {
      block.data.responseMapping.forEach((mapping) => names.add(mapping.variable));
      if (block.data.statusVariable) names.add(block.data.statusVariable);
    }
  }
  return names;
}

/**
 * Cycles made only of blocks that never wait for the customer (Tarjan's strongly connected
 * components over the graph without questions, delays and handoffs): such a loop never ends.
 */
function loopsWithoutWaiting(blocks: Map<string, FlowBlock>, next: Map<string, string[]>): string[][] {
  const waits = (id: string) => {
    const type = blocks.get(id)?.type;
    return type === undefined || type === 'question' || type === 'delay' || type === 'handoff';
  };
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (start: string) => {
    // Iterative to survive long chains of blocks.
    const work: { id: string; edge: number }[] = [{ id: start, edge: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const targets = (next.get(frame.id) ?? []).filter((target) => !waits(target));
      if (frame.edge < targets.length) {
        const target = targets[frame.edge++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, edge: 0 });
        } else if (onStack.has(target)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = component.length === 1 && (next.get(frame.id) ?? []).includes(frame.id);
        if (component.length > 1 || selfLoop) cycles.push(component.reverse());
      }
    }
  };
  for (const id of blocks.keys()) if (!waits(id) && !index.has(id)) visit(id);
  return cycles;
}
