import { type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { startExtraGateway } from './extra-gateway';

/**
 * The per-address limit on failed authentications behind a reverse proxy, end to end: a
 * gateway process of the e2e stack that trusts one proxy address, 127.0.0.2 (all of
 * 127.0.0.0/8 is this machine, so the test connects from that address to act as the
 * proxy, and from 127.0.0.1 to act as a client reaching the gateway directly).
 */
const PROXY = '127.0.0.2';
const DIRECT = '127.0.0.1';
const LIMIT = 3;

describe('client address behind a trusted proxy (GATEWAY_TRUSTED_PROXIES)', () => {
  let port: number;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    const gateway = await startExtraGateway('gateway-trusted-proxy', { GATEWAY_TRUSTED_PROXIES: `${PROXY}/32`, GATEWAY_AUTH_FAILURES_PER_MINUTE: String(LIMIT) });
    port = gateway.port;
    child = gateway.child;
  }, 90_000);

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  /** GET /v1/models with a key nobody has, from `from`, with X-Forwarded-For when given: the status. */
  const failedCall = (from: string, forwardedFor?: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/models',
          localAddress: from,
          agent: false,
          headers: { authorization: 'Bearer mg_not_a_key_of_anyone_0123456789', ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('limits two clients behind the proxy separately: one locked out does not lock out the other', async () => {
    const first = '203.0.113.10';
    const other = '203.0.113.11';
    const statuses: number[] = [];
    // What nginx sends: whatever the client wrote, then the client's own address.
    for (let i = 0; i <= LIMIT; i++) statuses.push(await failedCall(PROXY, `10.1.1.1, ${first}`));
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
    expect(await failedCall(PROXY, other)).toBe(401);
    // The client's own left-hand entries are not its address: writing another one changes nothing.
    expect(await failedCall(PROXY, `198.51.100.99, ${first}`)).toBe(429);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy: a direct client cannot pick its address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push(await failedCall(DIRECT, `198.51.100.${i + 1}`));
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
    // The addresses it claimed were never counted: through the proxy, one of them is still a fresh client.
    expect(await failedCall(PROXY, '198.51.100.1')).toBe(401);
  });
});
