// The input a procedure actually used, for its audit row: the raw input run through the procedure's
// own validators (which drop unknown keys and apply defaults), so what is recorded is what acted,
// not whatever extra keys a caller sent. The audit middleware runs before the validators, so it
// looks the procedure up in the router appRouter.ts registers here.
import { getParseFn, type AnyRouter, type Parser } from '@trpc/server/unstable-core-do-not-import';

type ProcedureDefs = Record<string, { _def: { inputs?: Parser[] } }>;
let procedures: ProcedureDefs = {};

/** Called once by appRouter.ts with the whole router. */
export function registerAuditedRouter(router: AnyRouter): void {
  procedures = router._def.procedures as unknown as ProcedureDefs;
}

/** `{ parsed: value }` when every validator of `path` accepts `raw`; null when one refuses it (or none is known). */
export async function parsedInput(path: string, raw: unknown): Promise<{ parsed: unknown } | null> {
  const inputs = procedures[path]?._def.inputs;
  if (!inputs) return null;
  let combined: unknown = undefined;
  try {
    for (const parser of inputs) {
      const value = await getParseFn(parser)(raw);
      combined = isObject(combined) && isObject(value) ? { ...combined, ...value } : value;
    }
  } catch {
    return null;
  }
  return { parsed: combined };
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
