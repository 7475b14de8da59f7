// Meta's limits on what can be sent, checked before anything is stored or sent, so an agent, a flow
// or the AI gets a readable reason instead of a (#100) from the Graph API minutes later.
import { UserFacingError } from '#server/app/userFacingError.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';

export class OutboundContentError extends UserFacingError {
  override name = 'OutboundContentError';
}

/** Characters as WhatsApp counts them (code points, so an emoji is one, not two UTF-16 units). */
const length = (value: string) => [...value].length;

export const LIMITS = {
  textBody: 4096,
  interactiveBody: 1024,
  header: 60,
  footer: 60,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButtonText: 20,
  listSections: 10,
  listRows: 10,
  sectionTitle: 24,
  rowTitle: 24,
  rowId: 200,
  rowDescription: 72,
  caption: 1024,
  filename: 240,
  templateName: 512,
  wamid: 256,
} as const;

function text(label: string, value: unknown, max: number, options: { required?: boolean } = {}): void {
  if (value === undefined || value === null) {
    if (options.required) throw new OutboundContentError(`${label} is required`);
    return;
  }
  if (typeof value !== 'string') throw new OutboundContentError(`${label} must be text`);
  if (options.required && value.trim() === '') throw new OutboundContentError(`${label} cannot be empty`);
  const size = length(value);
  if (size > max) throw new OutboundContentError(`${label} has ${size} characters; WhatsApp allows at most ${max}`);
}

function uniqueValues(label: string, values: string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new OutboundContentError(`${label} must be unique ("${value}" appears twice)`);
    seen.add(value);
  }
}

function identifier(label: string, value: unknown, max: number): void {
  text(label, value, max, { required: true });
  if ((value as string).trim() !== value) throw new OutboundContentError(`${label} cannot start or end with spaces`);
}

/**
 * Throws OutboundContentError with the first limit the content breaks. `storedFile`: the media is
 * a file stored on this server (an agent's attachment), uploaded to Meta by the outbox at send
 * time, so the content carries neither a link nor a media id yet.
 */
export function validateOutbound(content: OutboundContent, options: { storedFile?: boolean } = {}): void {
  if (!content || typeof content !== 'object') throw new OutboundContentError('message content is missing');
  switch (content.kind) {
    case 'text':
      text('text', content.text, LIMITS.textBody, { required: true });
      return;
    case 'media': {
      const kinds = ['image', 'audio', 'video', 'document', 'sticker'];
      if (!kinds.includes(content.mediaType)) throw new OutboundContentError(`media type must be one of ${kinds.join(', ')}`);
      const hasLink = typeof content.link === 'string' && content.link !== '';
      const hasId = typeof content.mediaId === 'string' && content.mediaId !== '';
      if (options.storedFile) {
        if (hasLink || hasId) throw new OutboundContentError('an attached file is sent on its own, without a link or media id');
      } else if (hasLink === hasId) throw new OutboundContentError('media needs exactly one of a link or an uploaded media id');
      if (hasLink && !/^https?:\/\/\S+$/i.test(content.link!)) throw new OutboundContentError('media link must be an http(s) URL');
      if (content.caption !== undefined) {
        if (content.mediaType === 'audio' || content.mediaType === 'sticker') {
          throw new OutboundContentError(`${content.mediaType} messages cannot have a caption`);
        }
        text('caption', content.caption, LIMITS.caption);
      }
      if (content.filename !== undefined) {
        if (content.mediaType !== 'document') throw new OutboundContentError('only documents have a file name');
        text('file name', content.filename, LIMITS.filename);
      }
      if (content.voice && content.mediaType !== 'audio') throw new OutboundContentError('only audio can be sent as a voice note');
      return;
    }
    case 'buttons': {
      text('body', content.body, LIMITS.interactiveBody, { required: true });
      text('header', content.header, LIMITS.header);
      text('footer', content.footer, LIMITS.footer);
      if (!Array.isArray(content.buttons) || content.buttons.length === 0) throw new OutboundContentError('reply buttons need at least one button');
      if (content.buttons.length > LIMITS.buttons) {
        throw new OutboundContentError(`WhatsApp allows at most ${LIMITS.buttons} reply buttons (got ${content.buttons.length}); use a list for more choices`);
      }
      content.buttons.forEach((button, index) => {
        text(`button ${index + 1} title`, button?.title, LIMITS.buttonTitle, { required: true });
        identifier(`button ${index + 1} id`, button?.id, LIMITS.buttonId);
      });
      uniqueValues(
        'button titles',
        content.buttons.map((button) => button.title),
      );
      uniqueValues(
        'button ids',
        content.buttons.map((button) => button.id),
      );
      return;
    }
    case 'list': {
      text('body', content.body, LIMITS.interactiveBody, { required: true });
      text('header', content.header, LIMITS.header);
      text('footer', content.footer, LIMITS.footer);
      text('list button text', content.buttonText, LIMITS.listButtonText, { required: true });
      if (!Array.isArray(content.sections) || content.sections.length === 0) throw new OutboundContentError('a list needs at least one section');
      if (content.sections.length > LIMITS.listSections)
        throw new OutboundContentError(`a list has at most ${LIMITS.listSections} sections (got ${content.sections.length})`);
      const rows = content.sections.flatMap((section) => (Array.isArray(section?.rows) ? section.rows : []));
      if (rows.length === 0) throw new OutboundContentError('a list needs at least one row');
      if (rows.length > LIMITS.listRows) throw new OutboundContentError(`a list has at most ${LIMITS.listRows} rows across all sections (got ${rows.length})`);
      content.sections.forEach((section, index) => {
        if (!Array.isArray(section?.rows) || section.rows.length === 0) throw new OutboundContentError(`section ${index + 1} has no rows`);
        text(`section ${index + 1} title`, section.title, LIMITS.sectionTitle, { required: content.sections.length > 1 });
      });
      rows.forEach((row, index) => {
        text(`row ${index + 1} title`, row?.title, LIMITS.rowTitle, { required: true });
        identifier(`row ${index + 1} id`, row?.id, LIMITS.rowId);
        text(`row ${index + 1} description`, row?.description, LIMITS.rowDescription);
      });
      uniqueValues(
        'row ids',
        rows.map((row) => row.id),
      );
      return;
    }
    case 'template':
      text('template name', content.name, LIMITS.templateName, { required: true });
      if (!/^[a-z0-9_]+$/.test(content.name)) throw new OutboundContentError('template names use lowercase letters, digits and underscores only');
      if (typeof content.language !== 'string' || !/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(content.language)) {
        throw new OutboundContentError('template language must be a code such as pt_BR or en_US');
      }
      if (content.components !== undefined && !Array.isArray(content.components)) throw new OutboundContentError('template components must be a list');
      return;
    case 'reaction':
      text('reacted message id', content.messageWamid, LIMITS.wamid, { required: true });
      if (typeof content.emoji !== 'string') throw new OutboundContentError('reaction emoji must be text ("" removes the reaction)');
      if (length(content.emoji) > 8) throw new OutboundContentError('a reaction is a single emoji');
      return;
    default:
      throw new OutboundContentError(`unknown message kind "${(content as { kind?: unknown }).kind}"`);
  }
}
