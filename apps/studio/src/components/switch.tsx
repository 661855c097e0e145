import type { ReactNode } from 'react';

/**
 * An on/off switch: a button with role="switch", operable with Space and Enter.
 * While busy it is aria-disabled, not disabled, so it keeps the keyboard focus.
 */
export function Switch({ checked, label, onChange, disabled }: { checked: boolean; label: string; onChange: (next: boolean) => void; disabled?: boolean }): ReactNode {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      className={`switch${checked ? ' switch--on' : ''}`}
      aria-disabled={disabled || undefined}
      onClick={() => {
        if (!disabled) onChange(!checked);
      }}
    >
      <span className="switch__thumb" aria-hidden="true" />
      <span className="switch__text" aria-hidden="true">
        {checked ? 'On' : 'Off'}
      </span>
    </button>
  );
}
