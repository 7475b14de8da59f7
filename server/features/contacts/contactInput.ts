// Inputs of contacts.*: the filter a list, an export and a campaign's audience share.
import { z } from 'zod';
import { safeText, uuidId } from '#shared/domain/safeText.js';
import { CONTACT_ATTRIBUTE_TYPES } from '#shared/contacts/vocabulary.js';

const clientId = z.string().uuid().optional();
export const attributeKey = safeText()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'an attribute key is lowercase letters, digits and _, starting with a letter (at most 40)');

export const CONSENT_FILTERS = ['any', 'subscribed', 'opted_in', 'opted_out'] as const;
export type ConsentFilter = (typeof CONSENT_FILTERS)[number];

export const contactFilter = z.object({
  /** Name, number (the Brazilian ninth digit either way) or an attribute value containing it. */
  search: safeText().trim().max(100).optional(),
  /** Contacts with every one of these labels. */
  labelIds: z.array(uuidId('labelId')).max(20).optional(),
  attribute: z.object({ key: attributeKey, value: safeText().trim().max(500) }).optional(),
  /** subscribed: not opted out; opted_in: consent recorded (and not opted out). */
  consent: z.enum(CONSENT_FILTERS).optional(),
  lastContactAfter: z.string().datetime({ offset: true }).optional(),
  lastContactBefore: z.string().datetime({ offset: true }).optional(),
});
export type ContactFilter = z.infer<typeof contactFilter>;

export const listInput = contactFilter.extend({
  clientId,
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(10_000_000).default(0),
});

export const idInput = z.object({ clientId, id: uuidId() });

export const attributeValues = z.record(attributeKey, z.union([safeText().max(500), z.number(), z.null()]));

export const saveInput = z.object({
  clientId,
  /** Absent: a new contact. */
  id: uuidId().optional(),
  name: safeText().trim().max(200).nullable().optional(),
  phone: safeText().trim().max(40).optional(),
  /** Values by attribute key; null removes one. */
  attributes: attributeValues.optional(),
  /** Record consent to business-initiated messages now (never overrides an opt-out). */
  optIn: z.boolean().optional(),
});

export const defineAttributeInput = z.object({
  clientId,
  key: attributeKey,
  label: safeText().trim().min(1).max(80),
  type: z.enum(CONTACT_ATTRIBUTE_TYPES),
  options: z.array(safeText().trim().min(1).max(80)).max(100).optional(),
});

export const removeAttributeInput = z.object({ clientId, key: attributeKey });
