import type { CheckResult } from '@model-garden/contracts/browser';
import type { ReactNode } from 'react';
import { formatLatency } from '../../lib/format';
import { type Stage, type StageState, adviceFor, checkLabel } from '../../lib/validation-stages';

const STATE_TEXT: Record<StageState, string> = {
  waiting: 'Waiting',
  running: 'Checking…',
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Passed with warnings',
  skip: 'Not run',
};

const ICON: Record<StageState, string> = { waiting: '○', running: '', pass: '✓', fail: '✕', warn: '!', skip: '–' };

export function StateIcon({ state }: { state: StageState }): ReactNode {
  return (
    <span className={`stage-icon stage-icon--${state}`} aria-hidden="true">
      {state === 'running' ? <span className="spinner spinner--small" /> : ICON[state]}
    </span>
  );
}

export const stateText = (state: StageState): string => STATE_TEXT[state];

const CHECK_STATE: Record<CheckResult['status'], StageState> = { pass: 'pass', fail: 'fail', warn: 'warn', skip: 'skip' };

/** The four stages of a validation, each with its checks; a failed check says what to do. */
export function StageList({ stages, revealed = stages.length, actions }: { stages: Stage[]; revealed?: number; actions?: (check: CheckResult) => ReactNode }): ReactNode {
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
                    <CheckItem key={check.name} check={check} showName={stage.name === 'capabilities'} actions={actions} />
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

function CheckItem({ check, showName, actions }: { check: CheckResult; showName: boolean; actions?: ((check: CheckResult) => ReactNode) | undefined }): ReactNode {
  const state = CHECK_STATE[check.status];
  const advice = check.status === 'fail' ? adviceFor(check) : null;
  return (
    <li className={`check check--${check.status}`} data-check={check.name} data-status={check.status}>
      <div className="check__line">
        <StateIcon state={state} />
        {showName ? <strong>{checkLabel(check.name)}</strong> : null}
        <span className="sr-only">{stateText(state)}.</span>
        <span className="check__message">{check.message}</span>
        {check.status !== 'skip' ? (
          <span className="muted small">
            {formatLatency(check.latencyMs)}
            {check.httpStatus ? ` · HTTP ${check.httpStatus}` : ''}
          </span>
        ) : null}
      </div>
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
