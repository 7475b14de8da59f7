// Which business number a conversation of the list is on, shown as a small label when the client
// has several numbers its customers write to. The sandbox number of the test phone does not count
// (every client has one; its chats carry the Test badge instead).
type NumberEntry = { phoneNumberId: string; displayName: string; kind: string };
type ListedConversation = { phoneNumberId: string | null; isTest: boolean; numberName?: string | null };

export function numberLabel(conversation: ListedConversation, numbers: readonly NumberEntry[] | undefined): string | null {
  if (!numbers || conversation.isTest) return null;
  if (numbers.filter((number) => number.kind !== 'sandbox').length < 2) return null;
  // The list names it; a conversation patched in by a live event (no name) is looked up.
  return conversation.numberName ?? numbers.find((number) => number.phoneNumberId === conversation.phoneNumberId)?.displayName ?? null;
}
