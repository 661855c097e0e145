import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';
import { Agent } from 'undici';
import { parseOutboundAllowlist } from './allowlist';
import { OutboundBlockedError } from './outbound.exception';
import { createGuardedAgent, withOutboundAddressCheck } from './guarded-agent';

function connectWith(connector: buildConnector.connector, hostname: string): Promise<{ error: Error | null; socket: unknown }> {
  return new Promise((resolve) =>
    connector({ hostname, host: hostname, protocol: 'http:', port: '80' }, (error, socket) => resolve({ error, socket })),
  );
}

describe('withOutboundAddressCheck', () => {
  it.each(['127.0.0.1', '127.0.0.2', '::1', '0.0.0.0', '2130706433', '0x7f000001', '0177.0.0.1', '127.1', '169.254.169.254', '::ffff:7f00:1', 'fe80::1%lo'])(
    'refuses the IP literal %s before connecting',
    async (hostname) => {
      const base = jest.fn<void, Parameters<buildConnector.connector>>();
      const onBlocked = jest.fn();
      const result = await connectWith(withOutboundAddressCheck(base, { onBlocked }), hostname);
      expect(result.error).toBeInstanceOf(OutboundBlockedError);
      expect(result.error).toMatchObject({ code: 'outbound_address_forbidden', stage: 'literal' });
      expect(onBlocked).toHaveBeenCalledTimes(1);
      expect(base).not.toHaveBeenCalled();
    },
  );

  it('connects allowlisted literals to their canonical form', async () => {
    const fakeSocket = { remoteAddress: '127.0.0.1', destroy: jest.fn() } as unknown as Socket;
    const base = jest.fn<void, Parameters<buildConnector.connector>>((_, callback) => callback(null, fakeSocket));
    const connector = withOutboundAddressCheck(base, { allowlist: parseOutboundAllowlist('127.0.0.1:*') });
    const result = await connectWith(connector, '0x7f000001');
    expect(result).toEqual({ error: null, socket: fakeSocket });
    expect(base.mock.calls[0][0].hostname).toBe('127.0.0.1');
  });

  it('destroys a socket whose peer address is forbidden', async () => {
    const destroy = jest.fn();
    const fakeSocket = { remoteAddress: '::ffff:10.0.0.5', destroy } as unknown as Socket;
    const base = jest.fn<void, Parameters<buildConnector.connector>>((_, callback) => callback(null, fakeSocket));
    const result = await connectWith(withOutboundAddressCheck(base), 'api.example.com');
    expect(result.socket).toBeNull();
    expect(result.error).toMatchObject({ stage: 'connected', address: '::ffff:10.0.0.5', category: 'private', hostname: 'api.example.com' });
    expect(destroy).toHaveBeenCalled();
  });

  it('fails closed when the peer address is unknown', async () => {
    const fakeSocket = { remoteAddress: undefined, destroy: jest.fn() } as unknown as Socket;
    const base = jest.fn<void, Parameters<buildConnector.connector>>((_, callback) => callback(null, fakeSocket));
    const result = await connectWith(withOutboundAddressCheck(base), 'api.example.com');
    expect(result.error).toBeInstanceOf(OutboundBlockedError);
  });

  it('accepts a public peer and a peer reached through an allowlisted name', async () => {
    const publicSocket = { remoteAddress: '93.184.215.14', destroy: jest.fn() } as unknown as Socket;
    const base = jest.fn<void, Parameters<buildConnector.connector>>((_, callback) => callback(null, publicSocket));
    expect((await connectWith(withOutboundAddressCheck(base), 'api.example.com')).error).toBeNull();

    const privateSocket = { remoteAddress: '10.0.0.5', destroy: jest.fn() } as unknown as Socket;
    const base2 = jest.fn<void, Parameters<buildConnector.connector>>((_, callback) => callback(null, privateSocket));
    const connector = withOutboundAddressCheck(base2, { allowlist: parseOutboundAllowlist('mock.internal:*') });
    expect((await connectWith(connector, 'MOCK.internal')).error).toBeNull();
  });

  it('passes connect errors through', async () => {
    const failure = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const base = jest.fn<void, Parameters<buildConnector.connector>>((_, callback) => callback(failure, null));
    expect((await connectWith(withOutboundAddressCheck(base), 'api.example.com')).error).toBe(failure);
  });
});

describe('createGuardedAgent', () => {
  it('returns an undici Agent', async () => {
    const agent = createGuardedAgent({ connectTimeoutMs: 1_000 });
    expect(agent).toBeInstanceOf(Agent);
    await agent.close();
  });
});
