// Flows read and write the contact's custom attributes as variables named `contact_<attribute key>`
// (a question whose variable is `contact_cidade` saves the answer into the contact's "cidade"). The
// contacts feature implements this port and server/app/wireFeatures.ts wires it in, so flows never
// imports contacts. Unwired (unit tests of the engine), flows see no attributes and write none.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { Tables, Tx } from '#server/db/tables.js';

export const CONTACT_VARIABLE_PREFIX = 'contact_';
/** Variables the executor fills itself: never written back as attributes. */
const BUILT_IN = new Set(['contact_name', 'contact_phone']);

export type ContactAttributesPort = {
  /** In the flow start's transaction: the conversation's contact's attribute values, by key. */
  read(app: AppContext, tx: Tx, conversation: Tables['conversations']['$inferSelect']): Promise<Record<string, string>>;
  /**
   * In the step's transaction: sets the contact's values (null removes one); keys that are not
   * attributes of the client are ignored. Returns why a value was refused (it is then not written).
   */
  write(app: AppContext, tx: Tx, target: { clientId: string; conversationId: string }, values: Record<string, string | null>): Promise<string[]>;
};

const registered = perApp((_app: AppContext) => ({ port: null as ContactAttributesPort | null }));

export function registerContactAttributes(app: AppContext, port: ContactAttributesPort): void {
  registered(app).port = port;
}

export function contactAttributesPort(app: AppContext): ContactAttributesPort | null {
  return registered(app).port;
}

/** `contact_<key>` variables for the flow's start. */
export function contactVariables(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${CONTACT_VARIABLE_PREFIX}${key}`, value]));
}

/** The `contact_<key>` variables a step changed, by attribute key. */
export function changedContactValues(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, string | null> {
  const changed: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(after)) {
    if (!name.startsWith(CONTACT_VARIABLE_PREFIX) || BUILT_IN.has(name) || before[name] === value) continue;
    const key = name.slice(CONTACT_VARIABLE_PREFIX.length);
    changed[key] = value === null || value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return changed;
}
