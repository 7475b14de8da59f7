// The validator's findings under the canvas; a click selects the block and centres it.
import { memo } from 'react';
import type { FlowProblem } from '#shared/flows/validateFlow.js';
import { useT } from '#renderer/i18n/useI18n';

/** A big flow can have a thousand warnings: errors first, and only so many drawn at once. */
const SHOWN_MAX = 100;

/**
 * `problems` is null while the validator has not run yet (it runs after the canvas is drawn).
 * Memoised: the editor re-renders on every selection, search keystroke and drop; the list only when the findings change.
 */
export const ProblemsList = memo(function ProblemsList({
  problems,
  onPick,
  describe,
  blockName,
}: {
  problems: FlowProblem[] | null;
  onPick(problem: FlowProblem): void;
  /** The problem in the reader's language (useProblemText). */
  describe(problem: FlowProblem): string;
  blockName(blockId: string): string;
}) {
  const t = useT();
  if (!problems) {
    return (
      <section className="problems" aria-labelledby="problems-title" data-testid="problems" aria-busy="true">
        <h2 id="problems-title">
          {t('flows.problems.title')}{' '}
          <span className="muted small" data-testid="problems-summary">
            {t('flows.problems.checking')}
          </span>
        </h2>
      </section>
    );
  }
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const shown = [...problems.filter((problem) => problem.severity === 'error'), ...problems.filter((problem) => problem.severity !== 'error')].slice(
    0,
    SHOWN_MAX,
  );
  return (
    <section className="problems" aria-labelledby="problems-title" data-testid="problems">
      <h2 id="problems-title">
        {t('flows.problems.title')}{' '}
        <span className="muted small" data-testid="problems-summary">
          {t('flows.problems.summary', { errors, warnings: problems.length - errors })}
        </span>
      </h2>
      {problems.length === 0 ? (
        <p className="muted small">{t('flows.problems.none')}</p>
      ) : (
        <ul>
          {shown.map((problem, index) => (
            <li key={`${problem.code}-${problem.blockId}-${index}`}>
              <button
                type="button"
                className={`problem ${problem.severity}`}
                onClick={() => onPick(problem)}
                data-testid="problem"
                data-block-id={problem.blockId ?? ''}>
                <span className="problem-kind">{t(problem.severity === 'error' ? 'flows.problems.error' : 'flows.problems.warning')}</span>
                <span className="problem-where">{problem.blockId ? blockName(problem.blockId) : t('flows.problems.flow')}</span>
                <span>{describe(problem)}</span>
              </button>
            </li>
          ))}
          {problems.length > shown.length && <li className="muted small">{t('flows.problems.more', { count: problems.length - shown.length })}</li>}
        </ul>
      )}
    </section>
  );
});
