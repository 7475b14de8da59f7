// The phone number ids a webhook body names, read from the raw bytes without parsing them: the
// signature has to be checked with the owning client's app secret before any JSON is parsed, so
// the owners are found first by a linear scan for `"phone_number_id": "…"`. A JSON string cannot
// contain an unescaped quote, so customer text cannot forge a match; an id written with escapes
// is not found here, and its events are ignored later (fail closed).
export const MAX_PHONE_NUMBER_IDS = 20;

const PATTERN = /"phone_number_id"\s*:\s*(?:"([^"\\]{1,64})"|(\d{1,32}))/g;

/** Distinct ids, or null when the body names more than `max` (a real delivery names one or a few). */
export function scanPhoneNumberIds(raw: Buffer, max = MAX_PHONE_NUMBER_IDS): string[] | null {
  const ids = new Set<string>();
  for (const match of raw.toString('latin1').matchAll(PATTERN)) {
    ids.add((match[1] ?? match[2])!);
    if (ids.size > max) return null;
  }
  return [...ids];
}
