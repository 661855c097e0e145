import type { ReactNode } from 'react';
import type { EvaluatorScore, EvaluatorView } from '@model-garden/contracts/browser';
import { scoreBand } from '../lib/run-grid';

const BAND_WORD = { good: 'good', mid: 'fair', bad: 'poor', none: 'not scored' } as const;

/** An evaluator's verdicts as coloured chips with the score in words (colour is never the only signal). */
export function ScoreChips({ scores, evaluators, withReasons = false }: { scores: readonly EvaluatorScore[]; evaluators: readonly EvaluatorView[]; withReasons?: boolean }): ReactNode {
  if (scores.length === 0) return null;
  return (
    <ul className="score-chips">
      {scores.map((s, i) => {
        const name = evaluators.find((e) => e.id === s.evaluatorId)?.name ?? s.evaluatorId;
        const band = s.error ? 'none' : scoreBand(s.score, s.passed);
        const value = s.error ? 'error' : s.score === null ? '—' : s.passed !== null && s.score % 1 === 0 ? (s.passed ? 'pass' : 'fail') : s.score.toFixed(2);
        return (
          <li key={`${s.evaluatorId}-${i}`} className={`score score--${s.error ? 'error' : band}`} title={`${name}: ${s.error ?? s.reason}`} data-evaluator={s.evaluatorId} data-score={s.score ?? ''}>
            <span className="score__name">{name}</span> <span className="score__value">{value}</span>
            <span className="sr-only"> ({BAND_WORD[band]})</span>
            {withReasons ? <div className="score__reason small">{s.error ? `Could not judge: ${s.error}` : s.reason}</div> : null}
          </li>
        );
      })}
    </ul>
  );
}
