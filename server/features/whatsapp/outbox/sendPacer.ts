// Each business number's send rate (Meta's throughput limit: 80 messages/s for a new number, up to
// 1,000 once Meta raises it; WHATSAPP_SEND_RATE). The outbox gives every message it claims a slot
// on its number's timeline, 1/rate apart, which decides when it goes (slots close together go as one
// wave). Slots are handed out at most `horizonMs` ahead, so one busy
// number leases no more than about a second of its own sends and never fills the sender with
// messages the other numbers' could have gone before. A wave goes at once, and one that starts late
// (a busy event loop, a slow mark) could bunch with the next, so each call is also admitted against
// the number's last second of calls: never more than `rate` started in any second.
export type SendPacer = {
  /** 0 when a call on this number may start now (and it is counted), else how many ms to wait before asking again. */
  admit(key: string, now: number): number;
  /** The time (epoch ms) this send may go, or null when the number has no free slot within the horizon. */
  reserve(key: string, now: number): number | null;
  /** Numbers with no free slot within the horizon (the claim leaves their messages for later). */
  saturated(now: number): string[];
  /** When the earliest saturated number has a slot within the horizon again (null: none is saturated). */
  nextFreeAt(now: number): number | null;
};

export function createSendPacer(ratePerSecond: number, horizonMs: number): SendPacer {
  if (!(ratePerSecond > 0)) throw new Error(`a send rate must be positive (got ${ratePerSecond})`);
  const spacing = 1000 / ratePerSecond;
  /** Per number: the earliest time its next slot may be at. */
  const next = new Map<string, number>();
  /** Per number: when its calls of the last second started, oldest first. */
  const started = new Map<string, number[]>();
  const perSecond = Math.max(1, Math.floor(ratePerSecond));

  function forgetPast(now: number) {
    for (const [key, at] of next) if (at <= now) next.delete(key);
    for (const [key, times] of started) if (times.at(-1)! <= now - 1000) started.delete(key);
  }

  return {
    admit(key, now) {
      const times = started.get(key) ?? [];
      while (times.length > 0 && times[0]! <= now - 1000) times.shift();
      if (times.length >= perSecond) return times[0]! + 1000 - now + 1;
      times.push(now);
      started.set(key, times);
      return 0;
    },
    reserve(key, now) {
      const slot = Math.max(now, next.get(key) ?? now);
      if (slot > now + horizonMs) return null;
      next.set(key, slot + spacing);
      if (next.size > 10_000) forgetPast(now);
      return slot;
    },
    saturated(now) {
      forgetPast(now);
      return [...next].filter(([, at]) => at > now + horizonMs).map(([key]) => key);
    },
    nextFreeAt(now) {
      let earliest: number | null = null;
      for (const at of next.values()) if (at > now + horizonMs && (earliest === null || at < earliest)) earliest = at;
      return earliest === null ? null : Math.ceil(earliest - horizonMs);
    },
  };
}

/** The pacing key of a conversation's number: the client, and the number (none: the client's main number). */
export function numberKey(clientId: string, phoneNumberId: string | null): string {
  return `${clientId}:${phoneNumberId ?? ''}`;
}
