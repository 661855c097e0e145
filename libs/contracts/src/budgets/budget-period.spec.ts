import { countedWindow, minuteWindow, periodWindow } from './budget-period';

const at = (iso: string): number => Date.parse(iso);

describe('budget periods (UTC calendar)', () => {
  it('a day runs from 00:00 UTC to the next', () => {
    expect(periodWindow('daily', at('2026-03-10T23:59:59.999Z'), 0)).toEqual({ start: at('2026-03-10T00:00:00Z'), end: at('2026-03-11T00:00:00Z') });
  });

  it('a week starts on Monday, also seen from a Sunday', () => {
    expect(periodWindow('weekly', at('2026-03-15T12:00:00Z'), 0)).toEqual({ start: at('2026-03-09T00:00:00Z'), end: at('2026-03-16T00:00:00Z') });
    expect(periodWindow('weekly', at('2026-03-16T00:00:00Z'), 0).start).toBe(at('2026-03-16T00:00:00Z'));
  });

  it('a month ends at the first of the next, December included', () => {
    expect(periodWindow('monthly', at('2026-12-31T10:00:00Z'), 0)).toEqual({ start: at('2026-12-01T00:00:00Z'), end: at('2027-01-01T00:00:00Z') });
    expect(periodWindow('monthly', at('2028-02-29T10:00:00Z'), 0).end).toBe(at('2028-03-01T00:00:00Z'));
  });

  it('one_time runs from creation and never resets by itself', () => {
    expect(periodWindow('one_time', at('2030-01-01T00:00:00Z'), at('2026-01-05T08:00:00Z'))).toEqual({ start: at('2026-01-05T08:00:00Z'), end: null });
  });

  it('a reset inside the period starts the counted window; one before it does not', () => {
    expect(countedWindow('daily', at('2026-03-10T12:00:00Z'), 0, at('2026-03-10T09:00:00Z')).start).toBe(at('2026-03-10T09:00:00Z'));
    expect(countedWindow('daily', at('2026-03-10T12:00:00Z'), 0, at('2026-03-09T09:00:00Z')).start).toBe(at('2026-03-10T00:00:00Z'));
  });

  it('a minute window is the UTC minute', () => {
    expect(minuteWindow(at('2026-03-10T12:34:56.789Z'))).toEqual({ start: at('2026-03-10T12:34:00Z'), end: at('2026-03-10T12:35:00Z') });
  });
});
