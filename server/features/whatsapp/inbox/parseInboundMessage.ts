// One inbound WhatsApp message object → what the `messages` row holds: its type, a readable
// `content` (what the inbox list shows and search finds), and metadata with the type's own data
// (so the desktop can draw a location, a contact card, a reply to a button...). Unknown or
// malformed types become `unsupported`, never an error: the customer did write something.
import type { JsonObject, JsonValue } from '#server/db/json-types.js';
import type { MessageType } from '#shared/domain/statuses.js';

/** No `url`: the webhook's download URL is never trusted; the id is resolved through the Graph API. */
export type InboundMedia = {
  kind: 'image' | 'audio' | 'video' | 'document' | 'sticker';
  id: string;
  mimeType: string | null;
  sha256: string | null;
  filename: string | null;
};

export type ParsedInbound = {
  type: MessageType;
  content: string | null;
  metadata: JsonObject;
  media: InboundMedia | null;
  /** What a responder reads: the text, a caption, a button/list title; null for media without text. */
  text: string | null;
  choiceId: string | null;
  timestamp: Date;
};

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null);
const strip = (value: { [key: string]: JsonValue | undefined }) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as JsonObject;

const MEDIA_KINDS = ['image', 'audio', 'video', 'document', 'sticker'] as const;

export function parseInboundMessage(message: JsonObject): ParsedInbound {
  const type = str(message.type) ?? 'unsupported';
  const seconds = Number(str(message.timestamp));
  const timestamp = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
  const common: JsonObject = strip({
    waType: type,
    context: isObject(message.context) ? message.context : undefined,
    quotedWamid: isObject(message.context) ? str(message.context.id) : undefined,
    forwarded: isObject(message.context) && (message.context.forwarded === true || message.context.frequently_forwarded === true) ? true : undefined,
    frequentlyForwarded: isObject(message.context) && message.context.frequently_forwarded === true ? true : undefined,
    referral: isObject(message.referral) ? message.referral : undefined,
    fromUserId: str(message.from_user_id) ?? undefined,
    errors: Array.isArray(message.errors) ? message.errors : undefined,
    identity: isObject(message.identity) ? message.identity : undefined,
  });
  const result = (
    type: MessageType,
    content: string | null,
    extra: { [key: string]: JsonValue | undefined } = {},
    more: Partial<ParsedInbound> = {},
  ): ParsedInbound => ({
    type,
    content,
    metadata: { ...common, ...strip(extra) },
    media: null,
    text: content,
    choiceId: null,
    timestamp,
    ...more,
  });
  const body = message[type];

  if (type === 'text' && isObject(body)) return result('text', str(body.body) ?? '');

  if ((MEDIA_KINDS as readonly string[]).includes(type) && isObject(body) && str(body.id)) {
    const kind = type as InboundMedia['kind'];
    const caption = str(body.caption);
    const filename = str(body.filename);
    const media: InboundMedia = { kind, id: str(body.id)!, mimeType: str(body.mime_type), sha256: str(body.sha256), filename };
    const extra = strip({
      media: strip({ id: media.id, mimeType: media.mimeType ?? undefined, sha256: media.sha256 ?? undefined, filename: filename ?? undefined }),
      voice: kind === 'audio' ? body.voice === true : undefined,
      animated: kind === 'sticker' ? body.animated === true : undefined,
      caption: caption ?? undefined,
    });
    return { ...result(kind, caption ?? filename, extra), media, text: caption };
  }

  if (type === 'location' && isObject(body)) {
    const latitude = Number(body.latitude);
    const longitude = Number(body.longitude);
    const label = [str(body.name), str(body.address)].filter(Boolean).join(', ');
    const location = strip({
      latitude,
      longitude,
      name: str(body.name) ?? undefined,
      address: str(body.address) ?? undefined,
      url: str(body.url) ?? undefined,
    });
    return result('location', label || `${latitude}, ${longitude}`, { location });
  }

  if (type === 'contacts' && Array.isArray(message.contacts)) {
    const cards = message.contacts.filter(isObject);
    const names = cards.map((card) => (isObject(card.name) ? str(card.name.formatted_name) : null) ?? 'contact');
    return result('contacts', names.join(', '), { contacts: cards as JsonValue[] });
  }

  if (type === 'reaction' && isObject(body)) {
    // A removed reaction comes without emoji (or with an empty one).
    const emoji = str(body.emoji) ?? '';
    return result('reaction', emoji, { reaction: { messageWamid: str(body.message_id) ?? '', emoji, removed: emoji === '' } }, { text: null });
  }

  if (type === 'interactive' && isObject(body)) {
    const kind = str(body.type);
    const reply = kind === 'button_reply' ? body.button_reply : kind === 'list_reply' ? body.list_reply : kind === 'nfm_reply' ? body.nfm_reply : null;
    if (isObject(reply)) {
      const title = str(reply.title) ?? str(reply.body) ?? '';
      const interactive = strip({
        type: kind!,
        id: str(reply.id) ?? undefined,
        title,
        description: str(reply.description) ?? undefined,
        responseJson: str(reply.response_json) ?? undefined,
      });
      return result('interactive', title, { interactive }, { choiceId: str(reply.id) });
    }
  }

  if (type === 'button' && isObject(body)) {
    const text = str(body.text) ?? str(body.payload) ?? '';
    return result('button', text, { button: strip({ payload: str(body.payload) ?? undefined, text }) }, { choiceId: str(body.payload) });
  }

  if (type === 'order' && isObject(body)) {
    const items = Array.isArray(body.product_items) ? body.product_items.filter(isObject) : [];
    const label = str(body.text) || `order of ${items.length} item${items.length === 1 ? '' : 's'}`;
    return result(
      'order',
      label,
      { order: strip({ catalogId: str(body.catalog_id) ?? undefined, text: str(body.text) ?? undefined, items: items as JsonValue[] }) },
      { text: str(body.text) || null },
    );
  }

  if (type === 'system' && isObject(body)) {
    return result('system', str(body.body) ?? str(body.type) ?? 'system', { system: body }, { text: null });
  }

  // unsupported / unknown / revoke / edit, or a known type without its object.
  const errors = Array.isArray(message.errors) ? message.errors.filter(isObject) : [];
  const reason = errors.map((error) => str(isObject(error.error_data) ? error.error_data.details : null) ?? str(error.title)).find(Boolean);
  return result(
    'unsupported',
    reason ?? `unsupported message (${type})`,
    { unsupported: strip({ type, raw: isObject(body) ? body : undefined }) },
    { text: null },
  );
}
