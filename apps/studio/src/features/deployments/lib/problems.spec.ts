import { groupProblems } from './problems';

describe('groupProblems', () => {
  it('puts each variant problem under its variant with the path relative to it, and the rest aside', () => {
    const grouped = groupProblems(
      [
        { path: 'variants[0].model', message: 'Choose the model this variant calls.' },
        { path: 'routing.defaultVariant', message: 'Choose the default variant.' },
      ],
      [{ field: 'variants[1].messages[0].content', message: 'variants[1].messages[0].content uses {{x}}, which is not declared.' }],
    );
    expect(grouped.variants).toEqual({
      0: { model: ['Choose the model this variant calls.'] },
      1: { 'messages[0].content': ['uses {{x}}, which is not declared.'] },
    });
    expect(grouped.other).toEqual([{ path: 'routing.defaultVariant', message: 'Choose the default variant.' }]);
  });

  it('keeps a server message that does not start with its path as it is', () => {
    expect(groupProblems([], [{ field: 'variants[0].model', message: 'The model lacks tools.' }]).variants[0]).toEqual({ model: ['The model lacks tools.'] });
  });
});
