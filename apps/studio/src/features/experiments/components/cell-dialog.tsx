import type { ReactNode } from 'react';
import { Dialog } from '../../../components/dialog';
import { formatLatency, formatUsd } from '../../../lib/format';
import type { CellView, DatapointView, EvaluatorView, RerunRequest } from '@model-garden/contracts/browser';
import { answerDiff } from '../lib/answer-diff';
import { inputText } from './datapoint-cells';
import { ScoreChips } from './score-chips';

/** The answer beside the expected output, word differences marked. */
export function AnswerBesideExpected({ answer, expected }: { answer: string; expected: string | null }): ReactNode {
  if (expected === null) {
    return <pre className="answer-text">{answer}</pre>;
  }
  const diff = answerDiff(expected, answer);
  return (
    <div className="answer-compare" data-testid="answer-compare">
      <div>
        <h4>Expected</h4>
        <pre className="answer-text" data-side="expected">
          {diff.parts
            .filter((p) => p.kind !== 'extra')
            .map((p, i) =>
              p.kind === 'missing' ? (
                <del key={i} className="diff-missing" title="Not in the answer">
                  {p.text}
                </del>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )}
        </pre>
      </div>
      <div>
        <h4>Answer {diff.identical ? <span className="chip chip--yes">identical</span> : null}</h4>
        <pre className="answer-text" data-side="answer">
          {diff.parts
            .filter((p) => p.kind !== 'missing')
            .map((p, i) =>
              p.kind === 'extra' ? (
                <ins key={i} className="diff-extra" title="Not in the expected output">
                  {p.text}
                </ins>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )}
        </pre>
      </div>
    </div>
  );
}

/** Every repetition of one row × column: answer beside expected, scores with reasons, figures, error; re-run it. */
export function CellDialog({
  title,
  cells,
  datapoint,
  evaluators,
  onClose,
  onRerun,
  rerunning,
}: {
  title: string;
  cells: CellView[];
  datapoint: DatapointView | undefined;
  evaluators: readonly EvaluatorView[];
  onClose: () => void;
  onRerun: (request: RerunRequest) => void;
  rerunning: boolean;
}): ReactNode {
  const first = cells[0];
  return (
    <Dialog open title={title} onClose={onClose}>
      <div className="cell-dialog">
        {datapoint ? (
          <dl className="facts small">
            {Object.entries(datapoint.inputs).map(([k, v]) => (
              <div key={k} className="facts__pair">
                <dt className="mono">{k}</dt>
                <dd>{inputText(v)}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {cells.map((cell) => (
          <section key={cell.id} className="cell-rep" data-repetition={cell.repetition} data-cell-status={cell.status}>
            <h3>
              Repetition {cell.repetition} <span className="muted small">(attempt {cell.attempt}, {cell.status})</span>
            </h3>
            {cell.status === 'failed' ? (
              <p className="text-danger" role="alert">
                {cell.error?.code}: {cell.error?.message}
              </p>
            ) : null}
            {cell.output !== null ? <AnswerBesideExpected answer={cell.output} expected={datapoint?.expectedOutput ?? null} /> : null}
            <ScoreChips scores={cell.scores} evaluators={evaluators} withReasons />
            <p className="small muted">
              Latency {formatLatency(cell.latencyMs)} · first token {formatLatency(cell.ttftMs)} · tokens {cell.inputTokens ?? '—'} in / {cell.outputTokens ?? '—'} out · cost {cell.costUsd === null ? '—' : formatUsd(cell.costUsd)}
              {cell.finishReason ? ` · finish ${cell.finishReason}` : ''}
            </p>
            <button type="button" className="button button--small" disabled={rerunning || cell.status === 'queued'} onClick={() => onRerun({ scope: 'cell', cellId: cell.id })}>
              Re-run this cell
            </button>
          </section>
        ))}
        <div className="dialog__actions">
          {first ? (
            <>
              <button type="button" className="button button--ghost" disabled={rerunning} onClick={() => onRerun({ scope: 'row', datapointId: first.datapointId })}>
                Re-run this row
              </button>
              <button type="button" className="button button--ghost" disabled={rerunning} onClick={() => onRerun({ scope: 'column', columnId: first.columnId })}>
                Re-run this column
              </button>
            </>
          ) : null}
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Dialog>
  );
}
