// What to do about an error Meta reports, by its code (never by HTTP status or title, which Meta
// says are not stable): retry later, or give up with a reason a person can act on.
export type MetaErrorInfo = { code: number | null; title: string | null; details: string | null; httpStatus?: number | null };

export type ErrorVerdict = {
  retry: boolean;
  /** Per recipient (131056): only this customer's messages should wait. */
  perRecipient: boolean;
  /** Shown to agents next to the failed message. */
  reason: string;
};

const RETRY_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 131057]);

export function classifyMetaError(error: MetaErrorInfo): ErrorVerdict {
  const code = error.code;
  const detail = error.details ?? error.title ?? 'no details';
  const tag = code === null ? '' : ` (#${code})`;
  const give = (reason: string): ErrorVerdict => ({ retry: false, perRecipient: false, reason });
  switch (code) {
    case 131047:
      return give('More than 24 hours have passed since the customer last wrote: send an approved template instead (#131047).');
    case 131026:
      return give(
        'Meta could not deliver this message: the number may not be on WhatsApp, or the customer has not accepted the latest terms or uses an old app version (#131026).',
      );
    case 100:
      return give(`Meta rejected a parameter of the message: ${detail} (#100).`);
    case 190:
    case 0:
      return give(`The client's WhatsApp access token has expired or was revoked: renew it in the client settings${tag}.`);
    case 131049:
      return give("Meta held this marketing message back to protect the customer's experience; try again after 24 hours (#131049).");
    case 131050:
      return give('The customer has stopped marketing messages from this business (#131050).');
    case 131051:
      return give('WhatsApp does not support this message type (#131051).');
    case 368:
      return give('The WhatsApp Business account is restricted for policy violations (#368).');
    case 131031:
      return give('The WhatsApp Business account is locked (#131031).');
    case 131021:
      return give('The recipient is the business number itself (#131021).');
    case 131053:
      return give(`Meta could not accept the attached file: ${detail} (#131053).`);
    case 132001:
      return give(`The template does not exist in this language or is not approved: ${detail} (#132001).`);
    default:
      break;
  }
  if (code !== null && RETRY_CODES.has(code)) {
    return { retry: true, perRecipient: code === 131056, reason: `Meta asked to try again later: ${detail}${tag}.` };
  }
  const http = error.httpStatus ?? null;
  if (code === null && http === null) {
    return { retry: true, perRecipient: false, reason: `The WhatsApp API could not be reached: ${detail}.` };
  }
  if (http !== null && (http >= 500 || http === 429)) {
    return { retry: true, perRecipient: false, reason: `The WhatsApp API failed (HTTP ${http}): ${detail}${tag}.` };
  }
  return give(`Meta refused the message: ${detail}${tag}.`);
}
