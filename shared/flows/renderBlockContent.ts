// What a message or question block sends, as WhatsApp will show it. The validator keeps designers
// within Meta's limits; variables can still make a text longer at run time, so texts are clipped
// here rather than letting the Graph API reject the whole message.
import type { OutboundContent } from '../whatsapp/outboundContent.js';
import {
  BUTTON_TITLE_MAX,
  INTERACTIVE_BODY_MAX,
  LIST_BUTTON_TEXT_MAX,
  LIST_ROW_DESCRIPTION_MAX,
  LIST_ROW_TITLE_MAX,
  LIST_SECTION_TITLE_MAX,
  MEDIA_CAPTION_MAX,
  REPLY_BUTTONS_MAX,
  TEXT_BODY_MAX,
} from '../whatsapp/limits.js';
import type { BlockOf, ChoiceOption } from './blocks.js';
import { renderTemplate, type Variables } from './template.js';

export const DEFAULT_LIST_BUTTON_TEXT = 'Ver opções';

export function renderMessageBlock(block: BlockOf<'message'>, variables: Variables): OutboundContent | null {
  const data = block.data;
  if (data.kind === 'text') {
    const text = clip(renderTemplate(data.text, variables).trim(), TEXT_BODY_MAX);
    return text === '' ? null : { kind: 'text', text };
  }
  const caption = data.caption ? clip(renderTemplate(data.caption, variables), MEDIA_CAPTION_MAX) : undefined;
  return {
    kind: 'media',
    mediaType: data.mediaType,
    link: renderTemplate(data.url, variables),
    ...(caption && data.mediaType !== 'audio' ? { caption } : {}),
    ...(data.filename && data.mediaType === 'document' ? { filename: data.filename } : {}),
  };
}

export function renderQuestionBlock(block: BlockOf<'question'>, variables: Variables): OutboundContent {
  const input = block.data.input;
  const text = renderTemplate(block.data.text, variables).trim();
  if (input.kind === 'text') return { kind: 'text', text: clip(text || '?', TEXT_BODY_MAX) };
  const body = clip(text || '?', INTERACTIVE_BODY_MAX);
  const row = (option: ChoiceOption) => ({
    id: option.id,
    title: clip(renderTemplate(option.title, variables), LIST_ROW_TITLE_MAX),
    ...(option.description ? { description: clip(renderTemplate(option.description, variables), LIST_ROW_DESCRIPTION_MAX) } : {}),
  });
  if (input.kind === 'choices' && input.options.length <= REPLY_BUTTONS_MAX) {
    return {
      kind: 'buttons',
      body,
      buttons: input.options.map((option) => ({ id: option.id, title: clip(renderTemplate(option.title, variables), BUTTON_TITLE_MAX) })),
    };
  }
  const buttonText = clip((input.kind === 'list' ? input.buttonText : input.listButtonText) || DEFAULT_LIST_BUTTON_TEXT, LIST_BUTTON_TEXT_MAX);
  const sections =
    input.kind === 'list'
      ? input.sections.map((section) => ({ ...(section.title ? { title: clip(section.title, LIST_SECTION_TITLE_MAX) } : {}), rows: section.rows.map(row) }))
      : [{ rows: input.options.map(row) }];
  return { kind: 'list', body, buttonText, sections };
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
