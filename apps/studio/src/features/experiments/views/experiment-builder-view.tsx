import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { CHAT_ROLES, type ChatRole, type CreateEvaluatorRequest, EVALUATOR_RULES, EVALUATOR_TYPES, EXPERIMENT_RULES, type EvaluatorType, type FieldError, evaluatorConfigProblems } from '@model-garden/contracts/browser';
import { ApiError } from '../../../api/registry-client';
import { useStudio } from '../../../app/studio-context';
import { Dialog } from '../../../components/dialog';
import { navigate, paths } from '../../../lib/router';
import { deploymentsQuery } from '../../deployments/api/deployments-api';
import { TemplateArea } from '../../deployments/components/messages-editor';
import { RegionRefusalNote } from '../../workspace-settings/region-refusal-note';
import { ModelPicker } from '../../model-picker/model-picker';
import { createEvaluator, createExperiment, datasetsQuery, evaluatorsQuery, experimentKeys, startRun } from '../api/experiments-api';
import { ExperimentsTabs } from '../components/experiments-tabs';
import { type ColumnDraft, EVALUATOR_TEMPLATES, type ExperimentDraft, draftToRequest, newDeploymentColumn, newExperimentDraft, newModelColumn } from '../lib/experiment-form';

/** Builds an experiment: a dataset, columns (models with a prompt, or deployments), evaluators and repetitions. */
export function ExperimentBuilderView(): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const datasets = useQuery(datasetsQuery(client));
  const evaluators = useQuery(evaluatorsQuery(client));
  const deployments = useQuery(deploymentsQuery(client));
  const [draft, setDraft] = useState<ExperimentDraft>(newExperimentDraft);
  const [problems, setProblems] = useState<FieldError[]>([]);
  const [creatingEvaluator, setCreatingEvaluator] = useState(false);
  const dataset = datasets.data?.find((d) => d.id === draft.datasetId);

  const create = useMutation({
    mutationFn: async (run: boolean) => {
      const { body } = draftToRequest(draft);
      const experiment = await createExperiment(client, body);
      const started = run ? await startRun(client, experiment.id) : null;
      return { experiment, started };
    },
    onSuccess: async ({ experiment, started }) => {
      await queryClient.invalidateQueries({ queryKey: experimentKeys.experiments });
      notify(started ? `${experiment.name}: run ${started.number} started.` : `${experiment.name} created.`, 'success');
      navigate(started ? paths.run(experiment.id, started.id) : paths.experiment(experiment.id));
    },
    onError: (error) => setProblems(error instanceof ApiError && error.details.length > 0 ? error.details : [{ field: '', message: error.message }]),
  });

  const submit = (run: boolean): void => {
    const found = draftToRequest(draft).problems;
    setProblems(found);
    if (found.length === 0) create.mutate(run);
  };
  const setColumn = (index: number, column: ColumnDraft): void => setDraft({ ...draft, columns: draft.columns.map((c, i) => (i === index ? column : c)) });
  const problemOf = (field: string): string | undefined => problems.find((p) => p.field === field)?.message;
  const cellCount = (dataset?.rowCount ?? 0) * draft.columns.length * (Number(draft.repetitions) || 1);

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>New experiment</h1>
          <p className="muted">Every row of the dataset goes to every column, as many times as the repetitions; each answer is scored by the evaluators.</p>
        </div>
      </div>
      <ExperimentsTabs current="experiments" />
      {problems.length > 0 ? (
        <div className="state state--error" role="alert" data-testid="builder-problems">
          <h2 className="state__title">Fix these first</h2>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                {p.message}
                <RegionRefusalNote message={p.message} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <section className="card" aria-labelledby="exp-basics">
        <h2 id="exp-basics">Experiment</h2>
        <div className="form-grid">
          <div className="field">
            <label className="field__label" htmlFor="exp-name">
              Name
            </label>
            <input id="exp-name" className="input" value={draft.name} maxLength={EXPERIMENT_RULES.name.length.max} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="exp-dataset">
              Dataset
            </label>
            <select id="exp-dataset" className="input input--select" value={draft.datasetId} onChange={(e) => setDraft({ ...draft, datasetId: e.target.value })}>
              <option value="">{datasets.isPending ? 'Loading…' : 'Choose a dataset…'}</option>
              {(datasets.data ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.rowCount} rows)
                </option>
              ))}
            </select>
            {dataset ? <p className="field__hint">Inputs: {dataset.inputKeys.map((k) => `{{${k}}}`).join(', ') || 'none (rows carry messages)'}</p> : null}
          </div>
          <div className="field">
            <label className="field__label" htmlFor="exp-repetitions">
              Repetitions per row (1 to 10)
            </label>
            <input id="exp-repetitions" className="input" inputMode="numeric" value={draft.repetitions} onChange={(e) => setDraft({ ...draft, repetitions: e.target.value })} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="exp-concurrency">
              Concurrent calls per model
            </label>
            <input id="exp-concurrency" className="input" inputMode="numeric" value={draft.concurrencyPerModel} onChange={(e) => setDraft({ ...draft, concurrencyPerModel: e.target.value })} />
          </div>
        </div>
      </section>

      <h2>Columns</h2>
      {draft.columns.map((column, index) => (
        <section key={index} className="card" aria-labelledby={`col-${index}-title`} data-column-index={index}>
          <div className="variant-card__head">
            <h3 id={`col-${index}-title`}>Column {index + 1}</h3>
            <div>
              <label className="sr-only" htmlFor={`col-${index}-kind`}>
                Column {index + 1} kind
              </label>
              <select
                id={`col-${index}-kind`}
                className="input input--select input--small"
                value={column.kind}
                onChange={(e) => setColumn(index, e.target.value === 'model' ? { ...newModelColumn(index, dataset?.inputKeys), name: column.name } : { ...newDeploymentColumn(index), name: column.name })}
              >
                <option value="model">A model and a prompt</option>
                <option value="deployment">A deployment</option>
              </select>{' '}
              {draft.columns.length > 1 ? (
                <button type="button" className="button button--ghost button--small" onClick={() => setDraft({ ...draft, columns: draft.columns.filter((_, i) => i !== index) })}>
                  Remove column {index + 1}
                </button>
              ) : null}
            </div>
          </div>
          <div className="form-grid">
            <div className="field">
              <label className="field__label" htmlFor={`col-${index}-name`}>
                Column name
              </label>
              <input id={`col-${index}-name`} className="input" value={column.name} maxLength={100} onChange={(e) => setColumn(index, { ...column, name: e.target.value })} />
            </div>
            {column.kind === 'model' ? (
              <ModelPicker id={`col-${index}-model`} label="Model" types={['chat']} value={column.model} onChange={(model) => setColumn(index, { ...column, model })} error={problemOf(`columns[${index}].model`)} />
            ) : (
              <>
                <div className="field">
                  <label className="field__label" htmlFor={`col-${index}-deployment`}>
                    Deployment
                  </label>
                  <select id={`col-${index}-deployment`} className="input input--select" value={column.deployment} onChange={(e) => setColumn(index, { ...column, deployment: e.target.value })}>
                    <option value="">{deployments.isPending ? 'Loading…' : 'Choose a deployment…'}</option>
                    {(deployments.data ?? []).map((d) => (
                      <option key={d.key} value={d.key}>
                        {d.key} (v{d.currentVersion})
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label className="field__label" htmlFor={`col-${index}-context`}>
                    Context <span className="field__optional">(optional JSON object: its routing picks the variant from it, as for any call)</span>
                  </label>
                  <input id={`col-${index}-context`} className="input mono" placeholder='{"country": "fr"}' value={column.context} onChange={(e) => setColumn(index, { ...column, context: e.target.value })} />
                </div>
              </>
            )}
          </div>
          {column.kind === 'model' ? (
            <>
              <h4>Messages</h4>
              <p className="muted small">Filled with each row&apos;s inputs; the row&apos;s own messages follow.</p>
              <ol className="messages-editor__list">
                {column.messages.map((m, mi) => (
                  <li key={mi} className="message-row">
                    <div className="message-row__head">
                      <label className="sr-only" htmlFor={`col-${index}-role-${mi}`}>
                        Role of message {mi + 1}
                      </label>
                      <select
                        id={`col-${index}-role-${mi}`}
                        className="input input--select input--small"
                        value={m.role}
                        onChange={(e) => setColumn(index, { ...column, messages: column.messages.map((x, i) => (i === mi ? { ...x, role: e.target.value as ChatRole } : x)) })}
                      >
                        {CHAT_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                      <button type="button" className="button button--ghost button--small" onClick={() => setColumn(index, { ...column, messages: column.messages.filter((_, i) => i !== mi) })}>
                        Remove message {mi + 1}
                      </button>
                    </div>
                    <TemplateArea
                      id={`col-${index}-content-${mi}`}
                      label={`Column ${index + 1} message ${mi + 1}`}
                      value={m.content}
                      onChange={(content) => setColumn(index, { ...column, messages: column.messages.map((x, i) => (i === mi ? { ...x, content } : x)) })}
                    />
                  </li>
                ))}
              </ol>
              <button type="button" className="button button--small" onClick={() => setColumn(index, { ...column, messages: [...column.messages, { role: 'user', content: '' }] })}>
                Add message
              </button>
              <div className="form-grid form-grid--params">
                <div className="field">
                  <label className="field__label" htmlFor={`col-${index}-temperature`}>
                    Temperature
                  </label>
                  <input id={`col-${index}-temperature`} className="input" inputMode="decimal" value={column.temperature} onChange={(e) => setColumn(index, { ...column, temperature: e.target.value })} />
                </div>
                <div className="field">
                  <label className="field__label" htmlFor={`col-${index}-max-tokens`}>
                    Max tokens
                  </label>
                  <input id={`col-${index}-max-tokens`} className="input" inputMode="numeric" value={column.maxTokens} onChange={(e) => setColumn(index, { ...column, maxTokens: e.target.value })} />
                </div>
              </div>
            </>
          ) : null}
        </section>
      ))}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setDraft({ ...draft, columns: [...draft.columns, newModelColumn(draft.columns.length, dataset?.inputKeys)] })} disabled={draft.columns.length >= 10}>
          Add a model column
        </button>
        <button type="button" className="button" onClick={() => setDraft({ ...draft, columns: [...draft.columns, newDeploymentColumn(draft.columns.length)] })} disabled={draft.columns.length >= 10}>
          Add a deployment column
        </button>
      </div>

      <section className="card" aria-labelledby="exp-evaluators">
        <h2 id="exp-evaluators">Evaluators</h2>
        <p className="muted small">Each scores every answer from 0 to 1 (or pass/fail) with a reason.</p>
        <ul className="plain-list evaluator-list">
          {(evaluators.data ?? []).map((e) => (
            <li key={e.id}>
              <label>
                <input
                  type="checkbox"
                  checked={draft.evaluatorIds.includes(e.id)}
                  onChange={(ev) => setDraft({ ...draft, evaluatorIds: ev.target.checked ? [...draft.evaluatorIds, e.id] : draft.evaluatorIds.filter((x) => x !== e.id) })}
                />{' '}
                {e.name} <span className="muted small">({e.type.replace(/_/g, ' ')}{e.builtIn ? ', built in' : ''})</span>
              </label>
            </li>
          ))}
        </ul>
        <button type="button" className="button button--small" onClick={() => setCreatingEvaluator(true)}>
          New evaluator…
        </button>
      </section>

      <div className="form-actions">
        <button type="button" className="button button--primary" disabled={create.isPending} onClick={() => submit(true)}>
          Create and run{cellCount > 0 ? ` (${cellCount} cells)` : ''}
        </button>
        <button type="button" className="button" disabled={create.isPending} onClick={() => submit(false)}>
          Create without running
        </button>
      </div>
      {creatingEvaluator ? (
        <NewEvaluatorDialog
          onClose={() => setCreatingEvaluator(false)}
          onCreated={(id) => {
            setDraft((d) => ({ ...d, evaluatorIds: [...d.evaluatorIds, id] }));
            setCreatingEvaluator(false);
          }}
        />
      ) : null}
    </>
  );
}

/** A workspace evaluator: a type and its settings (JSON, starting from a sensible template). */
function NewEvaluatorDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }): ReactNode {
  const { client } = useStudio();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [type, setType] = useState<EvaluatorType>('contains');
  const [config, setConfig] = useState(JSON.stringify(EVALUATOR_TEMPLATES.contains, null, 2));
  const [judgeModel, setJudgeModel] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const needsModel = type === 'cosine_similarity' || type === 'llm_judge';

  const save = useMutation({
    mutationFn: (body: CreateEvaluatorRequest) => createEvaluator(client, body),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: experimentKeys.evaluators });
      onCreated(created.id);
    },
    onError: (error) => setProblems(error instanceof ApiError && error.details.length > 0 ? error.details.map((d) => d.message) : [error.message]),
  });

  const submit = (): void => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(config) as Record<string, unknown>;
    } catch {
      setProblems(['The settings are not valid JSON.']);
      return;
    }
    if (needsModel) parsed = { ...parsed, model: judgeModel };
    const found = [...(name.trim() === '' ? ['name: give the evaluator a name'] : []), ...evaluatorConfigProblems(type, parsed).map((p) => p.message)];
    setProblems(found);
    if (found.length === 0) save.mutate({ name: name.trim(), type, config: parsed } as CreateEvaluatorRequest);
  };

  return (
    <Dialog open title="New evaluator" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="form-grid">
          <div className="field">
            <label className="field__label" htmlFor="evaluator-name">
              Name
            </label>
            <input id="evaluator-name" className="input" value={name} maxLength={EVALUATOR_RULES.name.length.max} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="evaluator-type">
              Type
            </label>
            <select
              id="evaluator-type"
              className="input input--select"
              value={type}
              onChange={(e) => {
                const next = e.target.value as EvaluatorType;
                setType(next);
                const { model: _model, ...rest } = EVALUATOR_TEMPLATES[next] as { model?: unknown };
                setConfig(JSON.stringify(rest, null, 2));
              }}
            >
              {EVALUATOR_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </div>
        </div>
        {needsModel ? (
          <ModelPicker id="evaluator-model" label={type === 'llm_judge' ? 'Judge model' : 'Embedding model'} types={type === 'llm_judge' ? ['chat'] : ['embedding']} value={judgeModel} onChange={setJudgeModel} />
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor="evaluator-config">
            Settings (JSON)
          </label>
          <textarea id="evaluator-config" className="input input--textarea mono" rows={6} value={config} onChange={(e) => setConfig(e.target.value)} />
        </div>
        {problems.length > 0 ? (
          <ul className="problem-list" role="alert">
            {problems.map((p) => (
              <li key={p} className="field__error">
                {p}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            Create evaluator
          </button>
        </div>
      </form>
    </Dialog>
  );
}
