// How an outbound message is stored: the `messages` columns the inbox draws it from (type, a text
// summary in `content`, media columns) and, in metadata, everything needed to draw its buttons or
// list and to rebuild the exact Graph API request when the outbox sends (or an agent retries) it.
import type { JsonObject } from '#server/db/json-types.js';
import type { MessageType } from '#shared/domain/statuses.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';

export type StoredOutbound = {
  type: MessageType;
  content: string | null;
  metadata: JsonObject;
  mediaUrl: string | null;
  mediaId: string | null;
  mediaType: string | null;
};

const clean = (value: unknown) => JSON.parse(JSON.stringify(value)) as JsonObject;

export function describeOutbound(content: OutboundContent): StoredOutbound {
  const outbound = clean(content);
  const base = { mediaUrl: null, mediaId: null, mediaType: null };
  switch (content.kind) {
    case 'text':
      return { ...base, type: 'text', content: content.text, metadata: { outbound } };
    case 'media':
      return {
        type: content.mediaType,
        content: content.caption ?? content.filename ?? null,
        metadata: { outbound },
        mediaUrl: content.link ?? null,
        mediaId: content.mediaId ?? null,
        mediaType: content.mediaType,
      };
    case 'buttons':
      return {
        ...base,
        type: 'interactive',
        content: content.body,
        metadata: clean({ outbound, interactive: { type: 'button', header: content.header, footer: content.footer, buttons: content.buttons } }),
      };
    case 'list':
      return {
        ...base,
        type: 'interactive',
        content: content.body,
        metadata: clean({
          outbound,
          interactive: { type: 'list', header: content.header, footer: content.footer, buttonText: content.buttonText, sections: content.sections },
        }),
      };
    case 'template':
      return {
        ...base,
        type: 'template',
        content: `[template ${content.name}]`,
        metadata: clean({ outbound, template: { name: content.name, language: content.language, components: content.components ?? [] } }),
      };
    case 'reaction':
      return {
        ...base,
        type: 'reaction',
        content: content.emoji,
        metadata: { outbound, reaction: { messageWamid: content.messageWamid, emoji: content.emoji } },
      };
  }
}

/** The stored content back, for the sender (and retries): metadata.outbound is written by describeOutbound. */
export function storedOutboundContent(metadata: JsonObject): OutboundContent | null {
  const outbound = metadata.outbound;
  if (!outbound || typeof outbound !== 'object' || Array.isArray(outbound) || typeof outbound.kind !== 'string') return null;
  return outbound as unknown as OutboundContent;
}
