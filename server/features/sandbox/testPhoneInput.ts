// Inputs of testPhone.* (the test phone panel plays a customer writing to the sandbox number).
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';

export const MAX_TEST_CUSTOMERS = 20;
export const MAX_TEXT = 4096;
export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const AUDIO_TYPES = ['audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr', 'audio/webm'] as const;

const id = z.string().uuid('unknown test customer');
const wamid = safeText().trim().max(200).optional();
// Base64 length: 4 characters per 3 bytes (checked again on the decoded bytes).
const base64 = z
  .string()
  .max(Math.ceil(MAX_MEDIA_BYTES / 3) * 4 + 4, 'the file is larger than 5 MB')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the file is not valid base64');

export const createCustomerInput = z.object({
  name: safeText().trim().min(1, 'the test customer needs a name').max(100),
  phone: z
    .string()
    .trim()
    .regex(/^\+?\d{10,15}$/, 'phone: 10 to 15 digits, optionally with a leading +'),
});
export const customerInput = z.object({ id });
export const threadInput = z.object({ customerId: id, limit: z.number().int().min(1).max(500).optional() });
export const markReadInput = z.object({
  customerId: id,
  /** true: the chat stays open on the test phone (new messages are read at once) until false. */
  open: z.boolean().optional(),
});

export const testPhoneMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: safeText().trim().min(1, 'the message is empty').max(MAX_TEXT, `text: at most ${MAX_TEXT} characters`) }),
  z.object({ type: z.literal('button_reply'), id: safeText().min(1).max(256), title: safeText().min(1).max(100), contextWamid: wamid }),
  z.object({
    type: z.literal('list_reply'),
    id: safeText().min(1).max(200),
    title: safeText().min(1).max(100),
    description: safeText().max(200).optional(),
    contextWamid: wamid,
  }),
  z.object({
    type: z.literal('image'),
    dataBase64: base64,
    mimeType: z.enum(IMAGE_TYPES, { message: `images: ${IMAGE_TYPES.join(', ')}` }),
    caption: safeText().max(1024).optional(),
  }),
  z.object({ type: z.literal('audio'), dataBase64: base64, mimeType: z.enum(AUDIO_TYPES, { message: `audio: ${AUDIO_TYPES.join(', ')}` }) }),
  z.object({
    type: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: safeText().max(200).optional(),
    address: safeText().max(300).optional(),
  }),
]);
export type TestPhoneMessage = z.infer<typeof testPhoneMessage>;
export const sendInput = z.object({ customerId: id, message: testPhoneMessage });
