// The variable names a flow knows (set by its blocks, declared in its settings, or given by the
// system): what the side panel suggests while the designer types.
import { SYSTEM_VARIABLES, type FlowDocument } from '../../../../../shared/flows/flowDocument';

export function flowVariables(doc: FlowDocument): string[] {
  const names = new Set<string>([...SYSTEM_VARIABLES, ...doc.settings.variables]);
  for (const block of doc.blocks) {
    if (block.type === 'question' && block.data.variable) names.add(block.data.variable);
    if (block.type === 'set_variable') block.data.assignments.forEach((assignment) => names.add(assignment.variable));
    if (block.type === 'ai_reply' && block.data.saveAs) names.add(block.data.saveAs);
    if (block.type === 'http_request') {
      block.data.responseMapping.forEach((mapping) => names.add(mapping.variable));
      if (block.data.statusVariable) names.add(block.data.statusVariable);
    }
  }
  return [...names].filter(Boolean).sort();
}
