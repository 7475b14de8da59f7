// What an agent may send from the desktop, as a zod schema (the shape of OutboundContent; Meta's
// limits are checked by validateOutbound with readable messages, not here).
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';

const short = safeText().max(5000);
export const outboundContentInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: safeText().min(1, 'the message is empty').max(5000), previewUrl: z.boolean().optional() }),
  z.object({
    kind: z.literal('media'),
    mediaType: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
    link: safeText().max(2000).optional(),
    mediaId: safeText().max(200).optional(),
    caption: short.optional(),
    filename: safeText().max(500).optional(),
    voice: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('template'),
    name: safeText().min(1).max(512),
    language: safeText().min(2).max(10),
    components: z.array(z.unknown()).max(20).optional(),
  }),
  z.object({
    kind: z.literal('buttons'),
    body: short,
    header: short.optional(),
    footer: short.optional(),
    buttons: z.array(z.object({ id: safeText().max(300), title: safeText().max(100) })).max(10),
  }),
  z.object({
    kind: z.literal('list'),
    body: short,
    header: short.optional(),
    footer: short.optional(),
    buttonText: safeText().max(100),
    sections: z
      .array(
        z.object({
          title: safeText().max(100).optional(),
          rows: z.array(z.object({ id: safeText().max(300), title: safeText().max(100), description: safeText().max(300).optional() })).max(20),
        }),
      )
      .max(20),
  }),
  z.object({ kind: z.literal('reaction'), messageWamid: safeText().min(1).max(300), emoji: safeText().max(20) }),
]);
