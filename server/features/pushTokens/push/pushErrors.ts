// Outcomes of one push to one device, as the services report them.

/** Worth trying again later (a 5xx, a 429, the network, an expired access token). */
export class PushTransientError extends Error {
  override name = 'PushTransientError';
}

/** Per device: delivered (Expo: a ticket to check later), gone (prune the token), retry later, or refused for good. */
export type DeviceOutcome =
  { kind: 'sent'; ticketId?: string } | { kind: 'gone'; reason: string } | { kind: 'retry'; reason: string } | { kind: 'failed'; reason: string };
