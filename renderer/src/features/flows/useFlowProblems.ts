// The validator's findings for the open document. The validator walks the whole flow (tens of ms
// for a thousand blocks), so it runs in a deferred render: after the canvas is drawn on open and
// after each keystroke or drop is on screen, and not for documents superseded meanwhile. A change
// of positions only (a drag) keeps the previous findings. Null until the first check is done.
import { useDeferredValue, useMemo, useRef } from 'react';
import type { FlowDocument } from '../../../../shared/flows/flowDocument';
import { validateFlow, type FlowProblem } from '../../../../shared/flows/validateFlow';
import { sameForValidation } from './editor/sameForValidation';

type Checked = { doc: FlowDocument; flowIds: ReadonlySet<string> | undefined; problems: FlowProblem[] };

export function useFlowProblems(doc: FlowDocument, flowIds: ReadonlySet<string> | undefined): FlowProblem[] | null {
  const deferred = useDeferredValue<FlowDocument | null>(doc, null);
  const last = useRef<Checked | null>(null);
  return useMemo(() => {
    if (!deferred) return null;
    const previous = last.current;
    if (previous && previous.flowIds === flowIds && sameForValidation(previous.doc, deferred)) return previous.problems;
    const problems = validateFlow(deferred, flowIds ? { flowIds } : {});
    last.current = { doc: deferred, flowIds, problems };
    return problems;
  }, [deferred, flowIds]);
}
