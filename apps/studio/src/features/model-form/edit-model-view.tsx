import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { modelChanged, modelQuery } from '../../api/model-queries';
import { ApiError } from '../../api/registry-client';
import { useStudio } from '../../app/studio-context';
import { ErrorState, Loading } from '../../components/states';
import { Link, navigate, paths } from '../../lib/router';
import { REVALIDATING_FIELDS, toUpdateBody, valuesFromModel } from '../../rules/model-form.rules';
import { ModelForm } from './model-form';

/** Edit a private model: only what changed is sent, so a rename does not re-validate. */
export function EditModelView({ id }: { id: string }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const resource = useQuery(modelQuery(client, { kind: 'private', id }));

  if (resource.isPending) return <Loading label="Loading the model…" />;
  if (resource.isError) return <ErrorState title="The model could not be loaded" error={resource.error} onRetry={() => void resource.refetch()} />;
  const model = resource.data;

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to={paths.garden()}>Model Garden</Link> <span aria-hidden="true">/</span> <Link to={paths.model(model.id)}>{model.name}</Link>{' '}
        <span aria-hidden="true">/</span> <span aria-current="page">Edit</span>
      </nav>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>Edit {model.name}</h1>
          <p className="muted">Changing the type, base URL, model ID or API key validates the model again; other fields do not.</p>
        </div>
      </div>
      <ModelForm
        mode="edit"
        model={model}
        initial={valuesFromModel(model)}
        submitLabel="Save changes"
        onCancel={() => navigate(paths.model(model.id))}
        onSubmit={async (values) => {
          const body = toUpdateBody(values, model);
          if (Object.keys(body).length === 0) {
            notify('Nothing changed.', 'info');
            navigate(paths.model(model.id));
            return {};
          }
          try {
            const updated = await client.updateModel(model.id, body);
            modelChanged(queryClient, updated);
            const revalidates = REVALIDATING_FIELDS.some((f) => f in body);
            notify(revalidates ? `${updated.name} was saved; validating it again.` : `${updated.name} was saved.`, 'success');
            navigate(revalidates ? paths.validation(updated.id) : paths.model(updated.id));
            return {};
          } catch (error: unknown) {
            if (error instanceof ApiError) return { error };
            throw error;
          }
        }}
      />
    </>
  );
}
