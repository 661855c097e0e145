import { draftToRequest, newDeploymentColumn, newExperimentDraft, newModelColumn } from './experiment-form';

describe('draftToRequest', () => {
  it('builds the create body: model and deployment columns, evaluators, repetitions', () => {
    const draft = newExperimentDraft();
    draft.name = ' Support bake-off ';
    draft.datasetId = 'ds-1';
    draft.columns = [
      { ...newModelColumn(0, ['question']), model: 'acme@openailike/chat-a', temperature: '0.2', maxTokens: '128' },
      { ...newDeploymentColumn(1), deployment: 'support', context: '{"country": "fr"}' },
    ];
    draft.evaluatorIds = ['builtin.exact_match'];
    draft.repetitions = '2';
    const { body, problems } = draftToRequest(draft);
    expect(problems).toEqual([]);
    expect(body).toEqual({
      name: 'Support bake-off',
      datasetId: 'ds-1',
      columns: [
        { kind: 'model', name: 'Column 1', model: 'acme@openailike/chat-a', messages: [{ role: 'user', content: '{{question}}' }], parameters: { temperature: 0.2, maxTokens: 128 } },
        { kind: 'deployment', name: 'Column 2', deployment: 'support', context: { country: 'fr' } },
      ],
      evaluatorIds: ['builtin.exact_match'],
      repetitions: 2,
      concurrencyPerModel: 4,
    });
  });

  it('names the field of every problem, once each', () => {
    const draft = newExperimentDraft();
    draft.columns = [{ ...newModelColumn(0), name: '', temperature: '9' }, newDeploymentColumn(1), { ...newDeploymentColumn(2), deployment: 'd', context: '{"nested": {"a": 1}}' }];
    draft.repetitions = '11';
    const fields = draftToRequest(draft).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'datasetId', 'columns[0].model', 'columns[0].name', 'columns[0].parameters.temperature', 'columns[1].deployment', 'columns[2].context', 'repetitions']));
    expect(new Set(fields).size).toBe(fields.length);
  });
});
