// The validator's findings for the open document. The validator walks the whole flow (tens of ms
// for a thousand blocks), so it runs in a deferred render: after the canvas is drawn on open and
// after each keystroke or drop is on screen, and not for documents superseded meanwhile. A change
// of positions only (a drag) keeps the previous findings. Null until the first check is done.
import { useDeferredValue, useState } from 'react';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { validateFlow, type FlowProblem } from '#shared/flows/validateFlow.js';
import { sameForValidation } from './editor/sameForValidation';

type Checked = { doc: FlowDocument; flowIds: ReadonlySet<string> | undefined; problems: FlowProblem[] };

export function useFlowProblems(doc: FlowDocument, flowIds: ReadonlySet<string> | undefined): FlowProblem[] | null {
  const deferred = useDeferredValue<FlowDocument | null>(doc, null);
  // The last check is state brought up to date while rendering (React's way to keep information
  // from previous renders): a render React throws away leaves it as it was.
  const [checked, setChecked] = useState<Checked | null>(null);
  if (!deferred) return null;
  if (checked && checked.doc === deferred && checked.flowIds === flowIds) return checked.problems;
  const problems =
    checked && checked.flowIds === flowIds && sameForValidation(checked.doc, deferred) ? checked.problems : validateFlow(deferred, flowIds ? { flowIds } : {});
  setChecked({ doc: deferred, flowIds, problems });
  return problems;
}
