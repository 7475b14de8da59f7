// A message template being written in administration, and what Meta receives for it: HEADER
// (text), BODY, FOOTER and BUTTONS components with the examples Meta's review asks for. The
// problems are found here, before the request, with Meta's own rules (its review answers in
// English hours later; a form that refuses at once is kinder). Meta may still refuse: the server
// relays that message.

export const TEMPLATE_LIMITS = {
  name: 512,
  header: 60,
  body: 1024,
  footer: 60,
  buttons: 10,
  buttonText: 25,
  url: 2000,
  phone: 20,
} as const;

export type ButtonKind = 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER';
export type ButtonDraft = { kind: ButtonKind; text: string; url: string; phone: string };

export type TemplateDraft = {
  name: string;
  language: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  header: string;
  headerExample: string;
  body: string;
  /** One example per body placeholder, {{1}} first. */
  bodyExamples: string[];
  footer: string;
  buttons: ButtonDraft[];
};

export const emptyDraft = (): TemplateDraft => ({
  name: '',
  language: 'pt_BR',
  category: 'UTILITY',
  header: '',
  headerExample: '',
  body: '',
  bodyExamples: [],
  footer: '',
  buttons: [],
});

export type DraftProblem =
  | { code: 'name' }
  | { code: 'language' }
  | { code: 'bodyMissing' }
  | { code: 'tooLong'; part: 'header' | 'body' | 'footer'; max: number }
  | { code: 'placeholders'; part: 'header' | 'body' }
  | { code: 'headerVariables' }
  | { code: 'footerVariables' }
  | { code: 'example'; part: 'header' | 'body'; index: number }
  | { code: 'tooManyButtons'; max: number }
  | { code: 'buttonText'; index: number; max: number }
  | { code: 'buttonUrl'; index: number }
  | { code: 'buttonPhone'; index: number };

const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** The placeholder numbers in order of appearance ("{{2}} {{1}} {{2}}" → [2, 1, 2]). */
export function placeholders(text: string): number[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => Number(match[1]));
}

/** How many distinct placeholders; Meta requires them to be exactly {{1}}…{{n}}. */
export function placeholderCount(text: string): number {
  return new Set(placeholders(text)).size;
}

const sequential = (text: string) => {
  const distinct = [...new Set(placeholders(text))].sort((a, b) => a - b);
  return distinct.every((value, index) => value === index + 1);
};

export function draftProblems(draft: TemplateDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (!/^[a-z0-9_]{1,512}$/.test(draft.name)) problems.push({ code: 'name' });
  if (!/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(draft.language)) problems.push({ code: 'language' });
  const header = draft.header.trim();
  if (header) {
    if (header.length > TEMPLATE_LIMITS.header) problems.push({ code: 'tooLong', part: 'header', max: TEMPLATE_LIMITS.header });
    const count = placeholderCount(header);
    if (count > 1) problems.push({ code: 'headerVariables' });
    else if (!sequential(header)) problems.push({ code: 'placeholders', part: 'header' });
    else if (count === 1 && !draft.headerExample.trim()) problems.push({ code: 'example', part: 'header', index: 1 });
  }
  const body = draft.body.trim();
  if (!body) problems.push({ code: 'bodyMissing' });
  else {
    if (body.length > TEMPLATE_LIMITS.body) problems.push({ code: 'tooLong', part: 'body', max: TEMPLATE_LIMITS.body });
    if (!sequential(body)) problems.push({ code: 'placeholders', part: 'body' });
    else {
      for (let index = 0; index < placeholderCount(body); index++) {
        if (!(draft.bodyExamples[index] ?? '').trim()) problems.push({ code: 'example', part: 'body', index: index + 1 });
      }
    }
  }
  const footer = draft.footer.trim();
  if (footer.length > TEMPLATE_LIMITS.footer) problems.push({ code: 'tooLong', part: 'footer', max: TEMPLATE_LIMITS.footer });
  if (placeholders(footer).length > 0) problems.push({ code: 'footerVariables' });
  if (draft.buttons.length > TEMPLATE_LIMITS.buttons) problems.push({ code: 'tooManyButtons', max: TEMPLATE_LIMITS.buttons });
  draft.buttons.forEach((button, index) => {
    const text = button.text.trim();
    if (!text || text.length > TEMPLATE_LIMITS.buttonText) problems.push({ code: 'buttonText', index: index + 1, max: TEMPLATE_LIMITS.buttonText });
    const url = button.url.trim();
    if (button.kind === 'URL' && (!/^https?:\/\/\S+$/.test(url) || url.length > TEMPLATE_LIMITS.url)) problems.push({ code: 'buttonUrl', index: index + 1 });
    if (button.kind === 'PHONE_NUMBER' && !/^\+\d{8,19}$/.test(button.phone.replace(/[\s()-]/g, ''))) problems.push({ code: 'buttonPhone', index: index + 1 });
  });
  return problems;
}

/** Meta's `components` for the draft (call only when draftProblems is empty). */
export function draftComponents(draft: TemplateDraft): Array<Record<string, unknown>> {
  const components: Array<Record<string, unknown>> = [];
  const header = draft.header.trim();
  if (header) {
    components.push({
      type: 'HEADER',
      format: 'TEXT',
      text: header,
      ...(placeholderCount(header) ? { example: { header_text: [draft.headerExample.trim()] } } : {}),
    });
  }
  const body = draft.body.trim();
  const count = placeholderCount(body);
  components.push({
    type: 'BODY',
    text: body,
    ...(count ? { example: { body_text: [draft.bodyExamples.slice(0, count).map((value) => value.trim())] } } : {}),
  });
  const footer = draft.footer.trim();
  if (footer) components.push({ type: 'FOOTER', text: footer });
  if (draft.buttons.length) {
    components.push({
      type: 'BUTTONS',
      buttons: draft.buttons.map((button) => {
        const text = button.text.trim();
        if (button.kind === 'URL') return { type: 'URL', text, url: button.url.trim() };
        if (button.kind === 'PHONE_NUMBER') return { type: 'PHONE_NUMBER', text, phone_number: button.phone.replace(/[\s()-]/g, '') };
        return { type: 'QUICK_REPLY', text };
      }),
    });
  }
  return components;
}

/** The text parts of stored components (as created here or as Meta lists them), for the list and preview. */
export function componentTexts(components: unknown): { header: string | null; body: string | null; footer: string | null; buttons: string[] } {
  const list = Array.isArray(components) ? (components as Array<Record<string, unknown>>) : [];
  const find = (type: string) => list.find((component) => String(component?.type ?? '').toUpperCase() === type);
  const text = (component: Record<string, unknown> | undefined) => (typeof component?.text === 'string' ? component.text : null);
  const buttons = find('BUTTONS')?.buttons;
  return {
    header: text(find('HEADER')),
    body: text(find('BODY')),
    footer: text(find('FOOTER')),
    buttons: Array.isArray(buttons) ? buttons.map((button) => String((button as { text?: unknown })?.text ?? '')) : [],
  };
}

/** The text with {{n}} replaced by its example (left as is where there is none). */
export function fillExamples(text: string, examples: string[]): string {
  return text.replace(PLACEHOLDER, (whole, index: string) => examples[Number(index) - 1]?.trim() || whole);
}
