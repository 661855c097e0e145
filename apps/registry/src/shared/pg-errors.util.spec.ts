import { isDatabaseUnavailable, isUniqueViolation, isUnstorableText } from './pg-errors.util';

describe('pg errors', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection cut by the server', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect', new Error('timeout exceeded when trying to connect')],
    ['an administrator shutdown', { message: 'terminating connection due to administrator command', driverError: { code: '57P01' } }],
    ['a server starting up', { message: 'the database system is starting up', code: '57P03' }],
    ['a wrapped cause', { message: 'query failed', cause: { code: 'ECONNRESET' } }],
  ])('sees %s as the database being unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', { code: '23505', constraint: 'x' }],
    ['a syntax error', { message: 'syntax error at or near "x"', code: '42601' }],
    ['a plain bug', new TypeError('Cannot read properties of undefined')],
    ['nothing', undefined],
  ])('does not see %s as the database being unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('recognises text PostgreSQL cannot store', () => {
    expect(isUnstorableText({ driverError: { code: '22021' } })).toBe(true);
    expect(isUnstorableText({ code: '22P05' })).toBe(true);
    expect(isUnstorableText({ code: '23505' })).toBe(false);
  });

  it('still names unique violations by constraint', () => {
    expect(isUniqueViolation({ driverError: { code: '23505', constraint: 'uq' } }, 'uq')).toBe(true);
  });
});
