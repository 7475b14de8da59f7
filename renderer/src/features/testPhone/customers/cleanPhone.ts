/** `+55 (11) 99999-0000` → `+5511999990000`; null when it cannot be a WhatsApp number. */
export function cleanPhone(input: string): string | null {
  const compact = input.trim().replace(/[\s().-]/g, '');
  return /^\+?\d{10,15}$/.test(compact) ? compact : null;
}
