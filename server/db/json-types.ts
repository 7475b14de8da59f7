// Shapes of the JSON columns. Kept loose where the content belongs to a feature that validates it
// itself (flow documents are checked by shared/flows, message metadata by the WhatsApp parser).
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type ClientSettings = JsonObject;
/** A client's opt-out configuration (validated by shared/domain/optOut.ts); absent fields take the defaults. */
export type OptOutSettings = { optOutKeywords?: string[]; optInKeywords?: string[]; optOutReply?: string; optInReply?: string };
export type ModelCapabilities = { [capability: string]: boolean | number | string };
/** Which alert thresholds were already sent in the current period, keyed by "80" | "90" | "100". */
export type BudgetAlertsSent = { [threshold: string]: string };
/** n8n's Postgres chat memory row format. */
export type ChatMemoryMessage = { type: 'human' | 'ai' | 'system'; content: string; [extra: string]: JsonValue };
export type DocumentMetadata = JsonObject;
