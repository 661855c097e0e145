import type { ModelType } from '@model-garden/contracts/browser';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useStudio } from '../../app/studio-context';
import { StatusBadge } from '../../components/status-badge';
import { regionLabel } from '../../lib/format';
import { outsidePolicy, regionsInWords } from '../workspace-settings/region-policy';
import { useAllowedRegions } from '../workspace-settings/workspace-queries';
import { RegionRefusalNote } from '../workspace-settings/region-refusal-note';
import { allModelsQuery, capabilitySummary, findModel, pickerGroups } from './models-query';

/**
 * Chooses a model for a deployment variant, a fallback or an experiment column: the
 * workspace's private models beside the public ones, each with its status and what it
 * was validated to do. A native <select> (keyboard, screen readers, mobile pickers all
 * work); the chosen model's status and capabilities show under it.
 */
export function ModelPicker({
  id,
  label,
  value,
  onChange,
  types = ['chat', 'completion'],
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (ref: string) => void;
  types?: readonly ModelType[];
  error?: string | null | undefined;
}): ReactNode {
  const { client } = useStudio();
  const models = useQuery(allModelsQuery(client));
  const groups = pickerGroups(models.data ?? [], types);
  const chosen = models.data ? findModel(models.data, value) : undefined;
  const allowedRegions = useAllowedRegions();
  const optionText = (o: (typeof groups.private)[number]): string =>
    `${o.label} (${o.ref}) · ${o.model.status}${o.warning && o.model.status === 'active' ? `, ${o.warning}` : ''} · ${capabilitySummary(o.model)}${outsidePolicy(o.model, allowedRegions) ? ` · ${regionLabel(o.model.region)}: region not allowed` : ''}`;
  const known = !value || chosen !== undefined;

  return (
    <div className={`field model-picker${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="field__control">
        <select
          id={id}
          className="input input--select"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-detail${error ? ` ${id}-error` : ''}`}
          onChange={(event) => onChange(event.target.value)}
          disabled={models.isPending}
        >
          <option value="">{models.isPending ? 'Loading models…' : 'Choose a model…'}</option>
          {!known ? <option value={value}>{value} (not in this workspace)</option> : null}
          {groups.private.length > 0 ? (
            <optgroup label="Private models">
              {groups.private.map((o) => (
                <option key={o.ref} value={o.ref}>
                  {optionText(o)}
                </option>
              ))}
            </optgroup>
          ) : null}
          {groups.public.length > 0 ? (
            <optgroup label="Public models">
              {groups.public.map((o) => (
                <option key={o.ref} value={o.ref}>
                  {optionText(o)}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </div>
      <div id={`${id}-detail`} className="model-picker__detail small">
        {models.isError ? <span className="text-danger">The models could not be loaded: {models.error.message}</span> : null}
        {chosen ? (
          <>
            <StatusBadge status={chosen.status} title={chosen.statusMessage} />
            <span className="muted">{chosen.owner === 'private' ? 'Private' : 'Public'} · {chosen.type}</span>
            <span className="muted">Can: {capabilitySummary(chosen)}</span>
            {chosen.status !== 'active' || !chosen.enabled ? <span className="text-danger">Calls may fail: {chosen.statusMessage ?? chosen.status}</span> : null}
            {outsidePolicy(chosen, allowedRegions) ? (
              <span className="text-danger" data-testid="picker-region-warning">
                Runs in {regionLabel(chosen.region)}; this workspace only allows {regionsInWords(allowedRegions)}, so it will be refused.
              </span>
            ) : null}
          </>
        ) : value && models.data ? (
          <span className="text-danger">No model {value} in this workspace: choose another.</span>
        ) : null}
      </div>
      {error ? (
        <p id={`${id}-error`} className="field__error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
      <RegionRefusalNote message={error} />
    </div>
  );
}
