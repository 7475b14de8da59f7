// Whether two documents can only differ in where things are on the canvas (blocks' positions,
// sticky notes), which the validator never looks at: after a drag, the previous findings still
// hold and a thousand blocks are not checked again. Edits never change a document in place, so
// everything else is compared by reference.
import type { FlowDocument } from '#shared/flows/flowDocument.js';

function sameExcept(a: object, b: object, ignored: string): boolean {
  if (a === b) return true;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (key !== ignored && left[key] !== right[key]) return false;
  return true;
}

export function sameForValidation(a: FlowDocument, b: FlowDocument): boolean {
  if (a === b) return true;
  const { blocks: blocksA, settings: settingsA, ...restA } = a;
  const { blocks: blocksB, settings: settingsB, ...restB } = b;
  return (
    sameExcept(restA, restB, '') &&
    sameExcept(settingsA, settingsB, 'notes') &&
    blocksA.length === blocksB.length &&
    blocksA.every((block, index) => sameExcept(block, blocksB[index]!, 'position'))
  );
}
