// OutboundContent (shared/whatsapp/outboundContent.ts) → the Graph API /messages body.
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';

type Json = Record<string, unknown>;
const drop = (value: Json): Json => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null));

/** Phones go in `to`; username users (business-scoped ids such as "US.1234…") in `recipient`. */
export function recipientField(recipient: string): Json {
  return /^\+?\d+$/.test(recipient) ? { to: recipient } : { recipient };
}

export function buildGraphMessage(content: OutboundContent, recipient: string, options: { replyToWamid?: string | null; opaque?: string } = {}): Json {
  const common = drop({
    recipient_type: 'individual',
    ...recipientField(recipient),
    context: options.replyToWamid && content.kind !== 'reaction' ? { message_id: options.replyToWamid } : undefined,
    biz_opaque_callback_data: options.opaque,
  });
  switch (content.kind) {
    case 'text':
      return { ...common, type: 'text', text: drop({ body: content.text, preview_url: content.previewUrl }) };
    case 'media': {
      const media = drop({
        ...(content.mediaId ? { id: content.mediaId } : { link: content.link }),
        caption: content.caption,
        filename: content.mediaType === 'document' ? content.filename : undefined,
        voice: content.mediaType === 'audio' && content.voice ? true : undefined,
      });
      return { ...common, type: content.mediaType, [content.mediaType]: media };
    }
    case 'buttons':
      return {
        ...common,
        type: 'interactive',
        interactive: drop({
          type: 'button',
          header: content.header ? { type: 'text', text: content.header } : undefined,
          body: { text: content.body },
          footer: content.footer ? { text: content.footer } : undefined,
          action: { buttons: content.buttons.map((button) => ({ type: 'reply', reply: { id: button.id, title: button.title } })) },
        }),
      };
    case 'list':
      return {
        ...common,
        type: 'interactive',
        interactive: drop({
          type: 'list',
          header: content.header ? { type: 'text', text: content.header } : undefined,
          body: { text: content.body },
          footer: content.footer ? { text: content.footer } : undefined,
          action: {
            button: content.buttonText,
            sections: content.sections.map((section) =>
              drop({
                title: section.title,
                rows: section.rows.map((row) => drop({ id: row.id, title: row.title, description: row.description })),
              }),
            ),
          },
        }),
      };
    case 'template':
      return {
        ...common,
        type: 'template',
        template: drop({
          name: content.name,
          language: { code: content.language, policy: 'deterministic' },
          components: content.components?.length ? content.components : undefined,
        }),
      };
    case 'reaction':
      return { ...common, type: 'reaction', reaction: { message_id: content.messageWamid, emoji: content.emoji } };
  }
}
