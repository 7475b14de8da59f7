// The digit strings a number search looks for: what was typed, and the same with or without the
// Brazilian mobile ninth digit, so 11 8888-7777, 11 98888-7777, 55 11 8888-7777 all find
// 5511988887777 (stored canonical, with the nine).
import { canonicalPhone } from '../whatsapp/index.js';

export function phoneSearchVariants(query: string): string[] {
  const digits = query.replace(/\D+/g, '');
  if (digits.length < 3 || digits.length > 15) return [];
  const variants = new Set<string>([digits]);
  const canonical = canonicalPhone(digits);
  if (canonical) variants.add(canonical);
  // Area code + 8-digit mobile without the country code: add the nine after the area code.
  if (digits.length === 10 && /^[1-9][1-9][6-9]/.test(digits)) variants.add(`${digits.slice(0, 2)}9${digits.slice(2)}`);
  // With the nine: the form without it (older rows, or a number typed that way).
  if (digits.length === 11 && /^[1-9][1-9]9[6-9]/.test(digits)) variants.add(`${digits.slice(0, 2)}${digits.slice(3)}`);
  if (digits.length === 13 && /^55[1-9][1-9]9[6-9]/.test(digits)) variants.add(`${digits.slice(0, 4)}${digits.slice(5)}`);
  return [...variants];
}
