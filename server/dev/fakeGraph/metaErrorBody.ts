// Meta's error bodies as the Graph API returns them, with the HTTP status Meta used for each code
// (Meta says to classify by code, not status; the fake still answers realistic statuses).
const ERRORS: Record<number, { http: number; title: string; details: string }> = {
  0: { http: 401, title: 'AuthException', details: 'We were unable to authenticate the app user.' },
  10: {
    http: 403,
    title: 'Application does not have permission for this action',
    details: 'The access token lacks the whatsapp_business_messaging permission.',
  },
  100: { http: 400, title: 'Invalid parameter', details: 'The parameter was invalid or is missing.' },
  190: { http: 401, title: 'Access token has expired', details: 'Error validating access token: Session has expired.' },
  200: { http: 403, title: 'Permissions error', details: 'The user has not granted the app the permission it needs.' },
  368: { http: 403, title: 'Temporarily blocked for policies violations', details: 'The WhatsApp Business Account is restricted.' },
  130429: { http: 400, title: 'Rate limit hit', details: 'Cloud API message throughput has been reached.' },
  131000: { http: 500, title: 'Something went wrong', details: 'Message failed to send due to an unknown error.' },
  131026: { http: 400, title: 'Message undeliverable', details: 'Unable to deliver message.' },
  131047: { http: 400, title: 'Re-engagement message', details: 'More than 24 hours have passed since the recipient last replied to the sender number.' },
  131049: {
    http: 400,
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
  },
  131053: { http: 400, title: 'Media upload error', details: 'Unable to upload the media used in the message.' },
  131056: {
    http: 400,
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details: 'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
  },
};

export function metaErrorBody(code: number, overrides: { details?: string; http?: number } = {}): { http: number; body: unknown } {
  const known = ERRORS[code] ?? { http: 400, title: 'Error', details: 'Unknown error.' };
  const title = known.title;
  return {
    http: overrides.http ?? known.http,
    body: {
      error: {
        message: `(#${code}) ${title}`,
        type: 'OAuthException',
        code,
        error_data: { messaging_product: 'whatsapp', details: overrides.details ?? known.details },
        fbtrace_id: `Afake${Math.random().toString(36).slice(2, 12)}`,
      },
    },
  };
}

/** The error object inside a `failed` status webhook. */
export function metaStatusError(code: number): Record<string, unknown> {
  const known = ERRORS[code] ?? { http: 400, title: 'Error', details: 'Unknown error.' };
  return {
    code,
    title: known.title,
    message: known.title,
    error_data: { details: known.details },
    href: '/documentation/business-messaging/whatsapp/support/error-codes',
  };
}
