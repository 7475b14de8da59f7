// The variable names a flow knows (set by its blocks, declared in its settings, or given by the
// system): what the side panel suggests while the designer types. The validator's own list, so
// suggestions and "unknown variable" findings always agree.
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { definedVariables } from '#shared/flows/validateFlow.js';

export function flowVariables(doc: FlowDocument): string[] {
  return [...definedVariables(doc)].filter(Boolean).sort();
}
