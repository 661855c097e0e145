import type { CheckSuggestion } from '@model-garden/contracts/browser';
import type { ReactNode } from 'react';
import { formatLatency } from '../../lib/format';
import { type Stage, type StageCheck, type StageState, adviceFor, checkLabel } from '../../lib/validation-stages';

const STATE_TEXT: Record<StageState, string> = {
  waiting: 'Waiting',
  running: 'Checking…',
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Passed with warnings',
  skip: 'Not run',
  retrying: 'Failed, retrying',
};

const ICON: Record<StageState, string> = { waiting: '○', running: '', pass: '✓', fail: '✕', warn: '!', skip: '–', retrying: '↻' };

export function StateIcon({ state }: { state: StageState }): ReactNode {
  return (
    <span className={`stage-icon stage-icon--${state}`} aria-hidden="true">
      {state === 'running' ? <span className="spinner spinner--small" /> : ICON[state]}
    </span>
  );
}

export const stateText = (state: StageState): string => STATE_TEXT[state];

/** What a live view adds to the checks: the retry countdown and applying a suggestion. */
export interface LiveCheckProps {
  /** "Attempt 1 of 5 failed; next attempt in 3 s", shown beside a retrying check. */
  retry?: string | null;
  /** Applies a suggestion that is one field's new value; absent where nothing can be applied. */
  onApply?: (suggestion: CheckSuggestion) => void;
  /** Disables Apply while a change is being saved. */
  applying?: boolean;
}

/** The four stages of a validation, each with its checks; a failed check says what to do. */
export function StageList({
  stages,
  revealed = stages.length,
  actions,
  live = {},
}: {
  stages: Stage[];
  revealed?: number;
  actions?: (check: StageCheck) => ReactNode;
  live?: LiveCheckProps;
}): ReactNode {
  return (
    <ol className="stages">
      {stages.map((stage, index) => {
        const hidden = index >= revealed && stage.state !== 'waiting' && stage.state !== 'running';
        const state: StageState = hidden ? (index === revealed ? 'running' : 'waiting') : stage.state;
        return (
          <li key={stage.name} className={`stage stage--${state}`} data-stage={stage.name} data-state={state}>
            <StateIcon state={state} />
            <div className="stage__body">
              <div className="stage__head">
                <h3 className="stage__title">{stage.title}</h3>
                <span className="stage__state">{stateText(state)}</span>
                {!hidden && stage.latencyMs !== null ? <span className="stage__latency muted small">{formatLatency(stage.latencyMs)}</span> : null}
              </div>
              <p className="muted small">{stage.description}</p>
              {!hidden && stage.checks.length > 0 ? (
                <ul className="checks">
                  {stage.checks.map((check) => (
                    <CheckItem key={check.name} check={check} showName={stage.name === 'capabilities'} actions={actions} live={live} />
                  ))}
                </ul>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function CheckItem({ check, showName, actions, live }: { check: StageCheck; showName: boolean; actions?: ((check: StageCheck) => ReactNode) | undefined; live: LiveCheckProps }): ReactNode {
  const state = check.state;
  const advice = state === 'fail' ? adviceFor(check) : null;
  const suggestion = check.suggestion;
  const applicable = suggestion?.field !== undefined && suggestion.value !== undefined && live.onApply !== undefined;
  return (
    <li className={`check check--${state}`} data-check={check.name} data-status={state}>
      <div className="check__line">
        <StateIcon state={state} />
        {showName ? <strong>{checkLabel(check.name)}</strong> : null}
        <span className="sr-only">{stateText(state)}.</span>
        <span className="check__message">{state === 'running' ? stateText(state) : check.message}</span>
        {state !== 'skip' && state !== 'running' && check.latencyMs !== null ? (
          <span className="muted small">
            {formatLatency(check.latencyMs)}
            {check.httpStatus ? ` · HTTP ${check.httpStatus}` : ''}
          </span>
        ) : null}
      </div>
      {state === 'retrying' && live.retry ? (
        <p className="check__retry small" data-retry-countdown>
          {live.retry}
        </p>
      ) : null}
      {suggestion ? (
        <div className="check__suggestion" data-suggestion={suggestion.field ?? 'hint'}>
          <p>
            <strong>Suggestion: </strong>
            {suggestion.message}
          </p>
          {applicable ? (
            <button type="button" className="button button--primary button--small" disabled={live.applying} onClick={() => live.onApply?.(suggestion)}>
              Apply: set {suggestion.field} to {suggestion.value}
            </button>
          ) : null}
        </div>
      ) : null}
      {advice ? (
        <div className="check__advice">
          <p>
            <strong>What to do: </strong>
            {advice.text}
          </p>
          {actions ? actions(check) : null}
        </div>
      ) : null}
    </li>
  );
}
