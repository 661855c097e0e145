import type { ReactNode } from 'react';
import { ApiError } from '../../api/registry-client';
import { useStudio } from '../../app/studio-context';
import { Link, navigate, paths } from '../../lib/router';
import { EMPTY_FORM, toCreateBody } from '../../rules/model-form.rules';
import { ModelForm } from './model-form';

/** Add model → OpenAI-like. On success the live validation view takes over. */
export function AddModelView(): ReactNode {
  const { client, notify } = useStudio();
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to={paths.garden()}>Model Garden</Link> <span aria-hidden="true">/</span> <span aria-current="page">Add model</span>
      </nav>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>Add model · OpenAI-like</h1>
          <p className="muted">Connect your own OpenAI-compatible endpoint. It is checked as soon as you add it: connectivity, authentication, the model, and its capabilities.</p>
        </div>
      </div>
      <ModelForm
        mode="create"
        initial={EMPTY_FORM}
        submitLabel="Add model"
        onCancel={() => navigate(paths.garden())}
        onSubmit={async (values) => {
          try {
            const model = await client.createModel(toCreateBody(values));
            notify(`${model.name} was added; validating it now.`, 'info');
            navigate(paths.validation(model.id));
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
