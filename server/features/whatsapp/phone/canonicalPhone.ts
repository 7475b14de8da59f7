// One customer, one key. Meta's wa_id for Brazilian mobiles often lacks the ninth digit that the
// number has today (55 DD 9XXXX-XXXX vs 55 DD XXXX-XXXX), and the same person may show up with
// either form (Chatwoot lost messages over this: chatwoot#14492). The canonical form has the nine.

/** Digits only; null when there are none. */
export function phoneDigits(value: string | null | undefined): string | null {
  if (!value) return null;
  const digits = value.replace(/\D+/g, '');
  return digits === '' ? null : digits;
}

/** Canonical phone: digits, with the Brazilian mobile ninth digit added when it is missing. */
export function canonicalPhone(value: string | null | undefined): string | null {
  const digits = phoneDigits(value);
  if (!digits) return null;
  // 55 + area code (11-99) + 8-digit subscriber starting 6-9 is a mobile written without its 9.
  if (digits.length === 12 && digits.startsWith('55') && /^[1-9][1-9]$/.test(digits.slice(2, 4)) && /^[6-9]/.test(digits.slice(4))) {
    return `${digits.slice(0, 4)}9${digits.slice(4)}`;
  }
  return digits;
}

/**
 * The key a customer is known by: the canonical phone, or, for username-based users without a
 * phone in the webhook, their business-scoped user id (BSUID, e.g. "US.13491208655302741918").
 */
export function customerKey(phone: string | null | undefined, userId: string | null | undefined): string | null {
  return canonicalPhone(phone) ?? (userId && userId.trim() !== '' ? userId.trim() : null);
}
