// Outbound messages of a conversation are sent in `timestamp` order; two queued in the same
// millisecond (a flow sending three messages at once) must still have a strict order.
let last = 0;

export function monotonicNow(): Date {
  const now = Date.now();
  last = now > last ? now : last + 1;
  return new Date(last);
}
