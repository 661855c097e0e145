import { type DeploymentRouting } from './deployment.types';
import { conditionHolds, routeCall, routingProblems, splitBucket, stableHash, SPLIT_BUCKETS } from './deployment-routing';

const routing: DeploymentRouting = {
  rules: [
    { name: 'enterprise', conditions: [{ field: 'plan', operator: 'eq', value: 'enterprise' }], variant: 'large' },
    {
      name: 'eu adults',
      conditions: [
        { field: 'region', operator: 'in', value: ['eu', 'uk'] },
        { field: 'user.age', operator: 'gte', value: 18 },
      ],
      variant: 'eu',
    },
    { name: 'ab', conditions: [{ field: 'beta', operator: 'exists', value: true }], split: [{ variant: 'a', percent: 50 }, { variant: 'b', percent: 50 }] },
  ],
  defaultVariant: 'a',
};

describe('deployment routing', () => {
  it('takes the first rule whose conditions all hold', () => {
    expect(routeCall(routing, { deploymentKey: 'd', context: { plan: 'enterprise', region: 'eu', user: { age: 30 } } })).toEqual({ variant: 'large', rule: 0 });
    expect(routeCall(routing, { deploymentKey: 'd', context: { plan: 'free', region: 'uk', user: { age: 30 } } })).toEqual({ variant: 'eu', rule: 1 });
    expect(routeCall(routing, { deploymentKey: 'd', context: { region: 'uk', user: { age: 17 } } })).toEqual({ variant: 'a', rule: null });
    expect(routeCall(routing, { deploymentKey: 'd' })).toEqual({ variant: 'a', rule: null });
  });

  it.each([
    [{ field: 'n', operator: 'eq', value: 3 }, { n: 3 }, true],
    [{ field: 'n', operator: 'eq', value: 3 }, { n: '3' }, false],
    [{ field: 'n', operator: 'ne', value: 3 }, {}, true],
    [{ field: 'n', operator: 'ne', value: 3 }, { n: 3 }, false],
    [{ field: 'n', operator: 'in', value: [1, 2] }, { n: 2 }, true],
    [{ field: 'n', operator: 'in', value: [1, 2] }, {}, false],
    [{ field: 'n', operator: 'nin', value: [1, 2] }, { n: 3 }, true],
    [{ field: 'n', operator: 'nin', value: [1, 2] }, {}, true],
    [{ field: 'n', operator: 'gt', value: 2 }, { n: 3 }, true],
    [{ field: 'n', operator: 'gt', value: 2 }, { n: '3' }, false],
    [{ field: 'n', operator: 'lt', value: 2 }, { n: 2 }, false],
    [{ field: 'n', operator: 'lte', value: 2 }, { n: 2 }, true],
    [{ field: 'n', operator: 'exists', value: true }, { n: null }, false],
    [{ field: 'n', operator: 'exists', value: false }, { n: null }, true],
    [{ field: 'a.b', operator: 'exists', value: true }, { a: { b: 0 } }, true],
    [{ field: 'a.constructor', operator: 'exists', value: true }, { a: {} }, false],
  ] as const)('condition %j on %j is %s', (condition, context, expected) => {
    expect(conditionHolds(condition as never, context as Record<string, unknown>)).toBe(expected);
  });

  it('splits 50/50 within 48-52 % over 10,000 identities, each identity always on the same variant', () => {
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i += 1) {
      const input = { deploymentKey: 'customer-support', context: { beta: true }, identityId: `user-${i}` };
      const first = routeCall(routing, input);
      expect(first.sticky).toBe(true);
      for (let again = 0; again < 3; again += 1) expect(routeCall(routing, input).variant).toBe(first.variant);
      counts[first.variant]! += 1;
    }
    expect(counts['a']! / 10_000).toBeGreaterThanOrEqual(0.48);
    expect(counts['a']! / 10_000).toBeLessThanOrEqual(0.52);
  });

  it('splits 10/90 in proportion and keeps the hash stable across releases', () => {
    const split: DeploymentRouting = { rules: [{ conditions: [], split: [{ variant: 'x', percent: 10 }, { variant: 'y', percent: 90 }] }], defaultVariant: 'x' };
    let x = 0;
    for (let i = 0; i < 10_000; i += 1) if (routeCall(split, { deploymentKey: 'k', identityId: String(i) }).variant === 'x') x += 1;
    expect(x).toBeGreaterThan(900);
    expect(x).toBeLessThan(1100);
    // Fixed values: changing the hash would move every user to another variant.
    expect([stableHash(''), stableHash('user-1'), splitBucket('customer-support', 'user-1'), splitBucket('customer-support', 'user-2')]).toEqual([2872998923, 2005895916, 4435, 2362]);
    expect(splitBucket('a', 'b')).toBeLessThan(SPLIT_BUCKETS);
  });

  it('hashes the stickyBy context field instead of identity.id, and is random without either', () => {
    const rule: DeploymentRouting = { rules: [{ conditions: [], split: [{ variant: 'a', percent: 50 }, { variant: 'b', percent: 50 }], stickyBy: 'org.id' }], defaultVariant: 'a' };
    const byOrg = routeCall(rule, { deploymentKey: 'k', context: { org: { id: 'acme' } }, identityId: 'u1' });
    expect(byOrg.bucket).toBe(splitBucket('k', 'acme'));
    const random = routeCall(rule, { deploymentKey: 'k', random: () => 0.9999 });
    expect(random).toEqual({ variant: 'b', rule: 0, bucket: 9999, sticky: false });
  });

  it('names every bad routing field', () => {
    const problems = routingProblems(
      {
        rules: [
          { conditions: [{ field: 'plan', operator: 'gt', value: 'x' }], variant: 'nope' },
          { conditions: [{ field: '', operator: 'eq', value: 1 }], split: [{ variant: 'a', percent: 60 }, { variant: 'b', percent: 30 }] },
          { conditions: [], variant: 'a', split: [] },
          { conditions: [{ field: 'x', operator: 'between' as never, value: 1 }], variant: 'a' },
        ],
        defaultVariant: 'zzz',
      },
      ['a', 'b'],
    );
    expect(problems.map((p) => p.field)).toEqual([
      'routing.defaultVariant',
      'routing.rules[0].conditions[0].value',
      'routing.rules[0].variant',
      'routing.rules[1].conditions[0].field',
      'routing.rules[1].split',
      'routing.rules[2]',
      'routing.rules[3].conditions[0].operator',
    ]);
    expect(problems[4]!.message).toContain('add up to 90');
  });

  it('accepts decimal percentages that add up to 100', () => {
    const split = [
      { variant: 'a', percent: 33.33 },
      { variant: 'b', percent: 33.33 },
      { variant: 'c', percent: 33.34 },
    ];
    expect(routingProblems({ rules: [{ conditions: [], split }], defaultVariant: 'a' }, ['a', 'b', 'c'])).toEqual([]);
  });
});
