// Contacts and campaigns: the vocabularies the schema, the server and the renderer share.
export const CONTACT_ATTRIBUTE_TYPES = ['text', 'number', 'date', 'list'] as const;
export type ContactAttributeType = (typeof CONTACT_ATTRIBUTE_TYPES)[number];
export const CONTACT_IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ContactImportStatus = (typeof CONTACT_IMPORT_STATUSES)[number];
export const CAMPAIGN_STATUSES = ['scheduled', 'running', 'paused', 'cancelled', 'done'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
/** pending: not sent yet; queued: handed to the outbox (its message row says what followed); skipped: never sent (reason). */
export const RECIPIENT_STATUSES = ['pending', 'queued', 'skipped'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];
/** Messaging tiers: unique business-initiated contacts per rolling 24 h (null = unlimited). */
export const MESSAGING_TIERS = [250, 1000, 10_000, 100_000, null] as const;
export const DEFAULT_TIER = 250;
/** Default template prices in BRL per category (configurable per client). */
export const DEFAULT_TEMPLATE_PRICES: Record<string, string> = { MARKETING: '0.3500', UTILITY: '0.0400', AUTHENTICATION: '0.0400' };
