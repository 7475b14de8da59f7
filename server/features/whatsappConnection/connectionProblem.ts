// Meta's answer to a connection check or a test message, in words the person setting up the
// number can act on. Classified by Meta's error code (never by HTTP status or title, which Meta
// says are not stable). `problem` is a stable code the renderer translates (pt-BR and English);
// `message` is the English wording for API callers and logs; `metaMessage` is Meta's own text.
import { GraphApiError } from '../whatsapp/index.js';

export const CONNECTION_PROBLEMS = [
  'invalid_token',
  'unknown_id',
  'permission',
  'rate_limited',
  'outside_window',
  'not_on_whatsapp',
  'account_restricted',
  'recipient_is_business',
  'template_missing',
  'meta_unavailable',
  'network',
  'other',
] as const;
export type ConnectionProblemCode = (typeof CONNECTION_PROBLEMS)[number];

export type ConnectionProblem = { problem: ConnectionProblemCode; code: number | null; message: string; metaMessage: string | null };

const MESSAGES: Record<ConnectionProblemCode, string> = {
  invalid_token:
    'Meta refused the access token: it is invalid, expired or was revoked. Create a permanent token for a system user in Meta Business Settings and paste it again.',
  unknown_id:
    'Meta does not know this id, or the access token cannot see it: check the phone number id and the WhatsApp Business account id in WhatsApp > API Setup.',
  permission:
    'The access token lacks a permission: give the system user the whatsapp_business_messaging and whatsapp_business_management permissions and assign it the WhatsApp account.',
  rate_limited: 'Meta asked to slow down (too many calls): wait a minute and try again.',
  outside_window:
    'Free text only reaches a number that wrote to this business in the last 24 hours: send the template, or write to the business from that phone first.',
  not_on_whatsapp: 'Meta could not deliver the message: the number may not be on WhatsApp, or is not on the list of test recipients of a test number.',
  account_restricted: 'The WhatsApp Business account is restricted or locked by Meta: see Meta Business Settings.',
  recipient_is_business: 'The test message cannot go to the business number itself: type another number.',
  template_missing:
    'The hello_world template does not exist or is not approved for this account: create it in WhatsApp Manager, or send free text inside the 24-hour window.',
  meta_unavailable: "Meta's WhatsApp API failed for a moment: try again.",
  network: 'The WhatsApp API could not be reached from this server: check its internet access (and WHATSAPP_GRAPH_URL).',
  other: 'Meta refused the request.',
};

export function connectionProblem(error: unknown): ConnectionProblem {
  if (!(error instanceof GraphApiError)) throw error;
  const problem = classify(error.code, error.httpStatus);
  const metaMessage = error.details ?? error.title ?? error.message;
  return { problem, code: error.code, message: MESSAGES[problem], metaMessage };
}

function classify(code: number | null, http: number | null): ConnectionProblemCode {
  if (code === null) {
    if (http === null) return 'network';
    if (http >= 500) return 'meta_unavailable';
    if (http === 401) return 'invalid_token';
    if (http === 429) return 'rate_limited';
    return 'other';
  }
  // 190 expired/invalid token; 0 and 102 session problems; 463/467 expired or invalid session (subcodes Meta sometimes puts in `code`).
  if ([0, 102, 190, 463, 467].includes(code)) return 'invalid_token';
  if (code === 100 || code === 803) return 'unknown_id';
  if (code === 3 || code === 10 || (code >= 200 && code <= 299)) return 'permission';
  if ([4, 17, 32, 613, 80007, 130429, 131056].includes(code)) return 'rate_limited';
  if (code === 131047) return 'outside_window';
  if (code === 131026) return 'not_on_whatsapp';
  if (code === 368 || code === 131031) return 'account_restricted';
  if (code === 131021) return 'recipient_is_business';
  if (code === 132000 || code === 132001) return 'template_missing';
  if ([1, 2, 131000, 131016].includes(code) || (http !== null && http >= 500)) return 'meta_unavailable';
  return 'other';
}
