import { checkSplit, evenSplit } from './routing';

describe('checkSplit', () => {
  const variants = ['a', 'b', 'c'];

  it('accepts shares of known variants that add up to 100', () => {
    expect(checkSplit([{ variant: 'a', percent: '50' }, { variant: 'b', percent: '50' }], variants)).toEqual({ total: 100, errors: [] });
    expect(checkSplit(evenSplit(variants), variants).errors).toEqual([]);
  });

  it('says what the shares add up to when it is not 100', () => {
    const check = checkSplit([{ variant: 'a', percent: '60' }, { variant: 'b', percent: '30' }], variants);
    expect(check.total).toBe(90);
    expect(check.errors).toEqual(['The split percentages add up to 90; they must add up to 100.']);
  });

  it('names the row of a share that is not a percentage above 0 and at most 100 with two decimals at most', () => {
    for (const percent of ['', '0', '12.555', '101', '-5', 'abc', '1e2']) {
      expect(checkSplit([{ variant: 'a', percent }, { variant: 'b', percent: '50' }], variants).errors).toContain(
        'Split row 1: the share must be a percentage above 0 and at most 100, with at most two decimals.',
      );
    }
  });

  it('accepts decimal shares that add up to 100 without rounding noise', () => {
    expect(checkSplit([{ variant: 'a', percent: '33.33' }, { variant: 'b', percent: '33.33' }, { variant: 'c', percent: '33.34' }], variants)).toEqual({ total: 100, errors: [] });
  });

  it('refuses an unknown, missing or repeated variant', () => {
    expect(checkSplit([{ variant: 'zz', percent: '50' }, { variant: 'b', percent: '50' }], variants).errors).toEqual(['Split row 1: "zz" names no variant of this version; use one of "a", "b", "c".']);
    expect(checkSplit([{ variant: '', percent: '50' }, { variant: 'b', percent: '50' }], variants).errors).toEqual(['Split row 1: choose a variant.']);
    expect(checkSplit([{ variant: 'a', percent: '50' }, { variant: 'a', percent: '50' }], variants).errors).toEqual(['Split row 2: "a" appears twice in this split; give it one share.']);
  });

  it('needs two variants at least', () => {
    expect(checkSplit([{ variant: 'a', percent: '100' }], variants).errors[0]).toMatch(/must share the calls between 2 to 10 variants/);
  });
});

describe('evenSplit', () => {
  it('gives whole shares adding up to 100', () => {
    expect(evenSplit(['a', 'b', 'c']).map((r) => r.percent)).toEqual(['34', '33', '33']);
    expect(evenSplit(['a', 'b']).map((r) => r.percent)).toEqual(['50', '50']);
  });
});
