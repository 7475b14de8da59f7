// WhatsApp's 24-hour customer-service window: a message from the customer opens (or refreshes) it;
// while it is open anything may be sent, outside it only templates. Our own messages never
// refresh it, which is why it is tracked from conversations.last_inbound_at only.
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export type WindowState = { open: boolean; closesAt: Date | null };

export function customerServiceWindow(lastInboundAt: Date | null | undefined, now = new Date()): WindowState {
  if (!lastInboundAt) return { open: false, closesAt: null };
  const closesAt = new Date(lastInboundAt.getTime() + WINDOW_MS);
  return { open: closesAt.getTime() > now.getTime(), closesAt };
}
