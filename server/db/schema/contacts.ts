import { sql } from 'drizzle-orm';
import type * as J from '../json-types.js';
import type { Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';
import type { ConversationsTables } from './conversations.js';
import type { FlowsTables } from './flows.js';
import {
  CAMPAIGN_STATUSES,
  CONTACT_ATTRIBUTE_TYPES,
  CONTACT_IMPORT_STATUSES,
  RECIPIENT_STATUSES,
  type CampaignStatus,
  type ContactAttributeType,
  type ContactImportStatus,
  type RecipientStatus,
} from '#shared/contacts/vocabulary.js';

// ── Contacts (clientes_whatsapp is the contact) and campaigns ─────────────────────────────────────
export const contactsTables = (
  d: Dialect,
  {
    clients,
    users,
    clientesWhatsapp,
    conversations,
    messages,
    messageTemplates,
    interactiveFlows,
  }: Pick<IdentityTables, 'clients' | 'users'> &
    Pick<ConversationsTables, 'clientesWhatsapp' | 'conversations' | 'messages'> &
    Pick<FlowsTables, 'messageTemplates' | 'interactiveFlows'>,
) => {
  const { table, index, uniqueIndex, primaryKey, oneOf, check, text, integer, id, orderedId, ref, json, ts, createdAt, updatedAt, textList } = d;
  const client = () =>
    ref()
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' });

  /** The custom attributes a client defines for its contacts (key, label, type, a list's options). */
  const contactAttributes = table(
    'contact_attributes',
    {
      id: id(),
      clientId: client(),
      key: text().notNull(),
      label: text().notNull(),
      type: text().$type<ContactAttributeType>().notNull(),
      options: textList(),
      createdAt: createdAt(),
    },
    (t) => [uniqueIndex('contact_attributes_client_key').on(t.clientId, t.key), oneOf('contact_attributes_type_check', t.type, CONTACT_ATTRIBUTE_TYPES)],
  );

  /** A contact's attribute values, normalised text per type (numbers as decimals, dates as YYYY-MM-DD). */
  const contactAttributeValues = table(
    'contact_attribute_values',
    {
      clientId: client(),
      contactId: ref()
        .notNull()
        .references(() => clientesWhatsapp.id, { onDelete: 'cascade' }),
      key: text().notNull(),
      value: text().notNull(),
    },
    (t) => [primaryKey({ columns: [t.contactId, t.key] }), index('contact_attribute_values_lookup_idx').on(t.clientId, t.key, t.value)],
  );

  const labels = table(
    'labels',
    {
      id: id(),
      clientId: client(),
      name: text().notNull(),
      color: text().notNull().default('#64748b'),
      createdAt: createdAt(),
    },
    (t) => [uniqueIndex('labels_client_name_key').on(t.clientId, t.name), check('labels_name_check', sql`length(${t.name}) between 1 and 60`)],
  );

  const contactLabels = table(
    'contact_labels',
    {
      clientId: client(),
      contactId: ref()
        .notNull()
        .references(() => clientesWhatsapp.id, { onDelete: 'cascade' }),
      labelId: ref()
        .notNull()
        .references(() => labels.id, { onDelete: 'cascade' }),
    },
    (t) => [primaryKey({ columns: [t.contactId, t.labelId] }), index('contact_labels_label_idx').on(t.clientId, t.labelId)],
  );

  const conversationLabels = table(
    'conversation_labels',
    {
      clientId: client(),
      conversationId: ref()
        .notNull()
        .references(() => conversations.id, { onDelete: 'cascade' }),
      labelId: ref()
        .notNull()
        .references(() => labels.id, { onDelete: 'cascade' }),
    },
    (t) => [primaryKey({ columns: [t.conversationId, t.labelId] }), index('conversation_labels_label_idx').on(t.clientId, t.labelId)],
  );

  /** Private notes about a contact, optionally in one of its conversations' threads: agents only, never sent. */
  const contactNotes = table(
    'contact_notes',
    {
      id: orderedId(),
      clientId: client(),
      contactId: ref()
        .notNull()
        .references(() => clientesWhatsapp.id, { onDelete: 'cascade' }),
      conversationId: ref().references(() => conversations.id, { onDelete: 'set null' }),
      authorId: ref().references(() => users.id, { onDelete: 'set null' }),
      body: text().notNull(),
      createdAt: createdAt(),
    },
    (t) => [
      index('contact_notes_contact_idx').on(t.clientId, t.contactId, t.createdAt),
      index('contact_notes_conversation_idx').on(t.clientId, t.conversationId, t.createdAt),
      check('contact_notes_body_check', sql`length(${t.body}) between 1 and 4000`),
    ],
  );

  /** A CSV import: the file, its column mapping, progress and the per-row error report. */
  const contactImports = table(
    'contact_imports',
    {
      id: id(),
      clientId: client(),
      createdBy: ref().references(() => users.id, { onDelete: 'set null' }),
      fileName: text().notNull(),
      csv: text().notNull(),
      mapping: json<J.JsonObject>().notNull(),
      labelIds: json<string[]>().notNull().default([]),
      status: text().$type<ContactImportStatus>().notNull().default('queued'),
      totalRows: integer().notNull().default(0),
      processedRows: integer().notNull().default(0),
      createdCount: integer().notNull().default(0),
      updatedCount: integer().notNull().default(0),
      failedCount: integer().notNull().default(0),
      errors: json<{ row: number; reason: string }[]>().notNull().default([]),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [index('contact_imports_client_idx').on(t.clientId, t.createdAt), oneOf('contact_imports_status_check', t.status, CONTACT_IMPORT_STATUSES)],
  );

  /** Per client: template prices per category (BRL) and the messaging tier per business number. */
  const campaignSettings = table('campaign_settings', {
    clientId: ref()
      .primaryKey()
      .references(() => clients.id, { onDelete: 'cascade' }),
    prices: json<Record<string, string>>().notNull().default({}),
    /** Unique business-initiated contacts per rolling 24 h, by phone number id ('' = the main number); null = unlimited. */
    tiers: json<Record<string, number | null>>().notNull().default({}),
    updatedAt: updatedAt(),
  });

  const campaigns = table(
    'campaigns',
    {
      id: id(),
      clientId: client(),
      name: text().notNull(),
      templateId: ref().references(() => messageTemplates.id, { onDelete: 'set null' }),
      templateName: text().notNull(),
      language: text().notNull(),
      category: text().notNull(),
      /** Template variable → contact field ('name', 'phone', 'attr:<key>' or 'text:<fixed>'). */
      variables: json<string[]>().notNull().default([]),
      audience: json<J.JsonObject>().notNull().default({}),
      replyFlowId: ref().references(() => interactiveFlows.id, { onDelete: 'set null' }),
      /** The business number it is sent from (whatsapp_numbers.phone_number_id); null: the client's main number. */
      phoneNumberId: text(),
      status: text().$type<CampaignStatus>().notNull().default('scheduled'),
      scheduledAt: ts(),
      estimatedCost: text().notNull().default('0'),
      recipientCount: integer().notNull().default(0),
      createdBy: ref().references(() => users.id, { onDelete: 'set null' }),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
      finishedAt: ts(),
    },
    (t) => [index('campaigns_client_idx').on(t.clientId, t.createdAt), oneOf('campaigns_status_check', t.status, CAMPAIGN_STATUSES)],
  );

  /** One row per recipient: claimed, marked and handed to the outbox in one transaction (exactly once). */
  const campaignRecipients = table(
    'campaign_recipients',
    {
      id: id(),
      clientId: client(),
      campaignId: ref()
        .notNull()
        .references(() => campaigns.id, { onDelete: 'cascade' }),
      contactId: ref().references(() => clientesWhatsapp.id, { onDelete: 'set null' }),
      phone: text().notNull(),
      status: text().$type<RecipientStatus>().notNull().default('pending'),
      messageId: ref().references(() => messages.id, { onDelete: 'set null' }),
      conversationId: ref().references(() => conversations.id, { onDelete: 'set null' }),
      reason: text(),
      queuedAt: ts(),
      replyFlowStartedAt: ts(),
    },
    (t) => [
      uniqueIndex('campaign_recipients_campaign_phone_key').on(t.campaignId, t.phone),
      index('campaign_recipients_pending_idx').on(t.campaignId, t.status),
      index('campaign_recipients_queued_idx').on(t.clientId, t.queuedAt),
      index('campaign_recipients_conversation_idx').on(t.clientId, t.conversationId),
      oneOf('campaign_recipients_status_check', t.status, RECIPIENT_STATUSES),
    ],
  );

  return {
    contactAttributes,
    contactAttributeValues,
    labels,
    contactLabels,
    conversationLabels,
    contactNotes,
    contactImports,
    campaignSettings,
    campaigns,
    campaignRecipients,
  };
};

export type ContactsTables = ReturnType<typeof contactsTables>;
