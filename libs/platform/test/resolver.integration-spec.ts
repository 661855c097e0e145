/**
 * The outbound guard's resolver against real nameservers on loopback: a silent one (a UDP
 * socket that reads every query and never answers) and a tiny responder. Issue 11.5: with
 * `dns.lookup`, each pending name held one of libuv's 4 threads until the system resolver
 * gave up, so file reads (and database or Kafka reconnects) stalled behind them.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { checkOutboundUrl } from '../src/outbound/outbound-url';
import { createHostResolver, HostResolutionError } from '../src/outbound/resolver';

interface Nameserver {
  readonly socket: Socket;
  readonly address: string;
  /** Query names received, in order. */
  readonly queries: string[];
}

function questionName(message: Buffer): { name: string; end: number } {
  const labels: string[] = [];
  let offset = 12;
  while (message[offset] !== 0) {
    const length = message[offset];
    labels.push(message.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += length + 1;
  }
  return { name: labels.join('.'), end: offset + 1 };
}

async function startNameserver(answer?: (name: string, type: number) => { address: string; ttl: number } | 'nxdomain' | 'empty'): Promise<Nameserver> {
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (message: Buffer, remote: RemoteInfo) => {
    const { name, end } = questionName(message);
    queries.push(name);
    if (!answer) return; // silent: never answers
    const type = message.readUInt16BE(end);
    const verdict = answer(name, type);
    const question = message.subarray(12, end + 4);
    const header = Buffer.alloc(12);
    message.copy(header, 0, 0, 2); // id
    header.writeUInt16BE(verdict === 'nxdomain' ? 0x8183 : 0x8180, 2); // response, RD, RA, rcode
    header.writeUInt16BE(1, 4); // one question
    const records: Buffer[] = [];
    if (typeof verdict === 'object') {
      const rdata = Buffer.from(verdict.address.split('.').map(Number));
      const record = Buffer.alloc(12);
      record.writeUInt16BE(0xc00c, 0); // name: pointer to the question
      record.writeUInt16BE(1, 2); // A
      record.writeUInt16BE(1, 4); // IN
      record.writeUInt32BE(verdict.ttl, 6);
      record.writeUInt16BE(rdata.length, 10);
      records.push(record, rdata);
      header.writeUInt16BE(1, 6); // one answer
    }
    socket.send(Buffer.concat([header, question, ...records]), remote.port, remote.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return { socket, queries, address: `127.0.0.1:${socket.address().port}` };
}

const nameservers: Nameserver[] = [];
afterAll(() => {
  for (const server of nameservers) server.socket.close();
});

describe('host resolver (c-ares) against a silent nameserver', () => {
  it('keeps the thread pool free and fails fast, naming the timeout; failures are cached for a short while', async () => {
    const silent = await startNameserver();
    nameservers.push(silent);
    const resolver = createHostResolver({ servers: [silent.address], timeoutMs: 400, tries: 1, hostsFile: null, search: null });

    // Three times as many pending names as libuv has threads.
    let settled = 0;
    const lookups = Array.from({ length: 12 }, (_, i) =>
      resolver(`tenant-${i}.silent.test`).then(
        () => {
          settled += 1;
          return undefined;
        },
        (error: unknown) => {
          settled += 1;
          return error;
        },
      ),
    );
    // File reads go through the thread pool: none of them may wait for a lookup.
    let readsBeforeAnyLookupSettled = 0;
    for (let i = 0; i < 40; i += 1) {
      await readFile(__filename);
      if (settled === 0) readsBeforeAnyLookupSettled += 1;
    }
    expect(readsBeforeAnyLookupSettled).toBe(40);

    const errors = await Promise.all(lookups);
    for (const [i, error] of errors.entries()) {
      expect(error).toBeInstanceOf(HostResolutionError);
      expect(error).toMatchObject({ code: 'ETIMEOUT', hostname: `tenant-${i}.silent.test` });
      expect((error as Error).message).toBe(`DNS lookup of tenant-${i}.silent.test timed out: no nameserver answered within 400 ms (1 try per nameserver)`);
    }
    // A and AAAA for each name, once.
    expect(silent.queries.filter((q) => q === 'tenant-0.silent.test')).toHaveLength(2);

    // The negative cache answers again without a query.
    await expect(resolver('TENANT-0.silent.test.')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(silent.queries.filter((q) => q === 'tenant-0.silent.test')).toHaveLength(2);
  });

  it('the URL check reports such a host as unresolvable, with the reason', async () => {
    const silent = await startNameserver();
    nameservers.push(silent);
    const resolver = createHostResolver({ servers: [silent.address], timeoutMs: 200, tries: 1, hostsFile: null, search: null });
    const result = await checkOutboundUrl('https://api.silent.test/v1', { resolver });
    expect(result).toMatchObject({ ok: false, code: 'unresolvable_host', resolutionError: 'ETIMEOUT' });
    expect(silent.queries).toContain('api.silent.test');
  });
});

describe('host resolver (c-ares) against an answering nameserver', () => {
  it('returns A records, reuses an answer for its TTL, and reports a missing name as ENOTFOUND', async () => {
    const server = await startNameserver((name, type) => {
      if (name === 'model.answer.test') return type === 1 ? { address: '127.0.0.1', ttl: 30 } : 'empty';
      if (name === 'short.answer.test') return type === 1 ? { address: '127.0.0.1', ttl: 0 } : 'empty';
      return 'nxdomain';
    });
    nameservers.push(server);
    const resolver = createHostResolver({ servers: [server.address], timeoutMs: 1_000, tries: 1, hostsFile: null, search: null });

    await expect(resolver('model.answer.test')).resolves.toEqual([{ address: '127.0.0.1', family: 4 }]);
    await expect(resolver('model.answer.test')).resolves.toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(server.queries.filter((q) => q === 'model.answer.test')).toHaveLength(2); // A + AAAA, once

    // TTL 0: asked again every time.
    await resolver('short.answer.test');
    await resolver('short.answer.test');
    expect(server.queries.filter((q) => q === 'short.answer.test')).toHaveLength(4);

    await expect(resolver('missing.answer.test')).rejects.toMatchObject({
      code: 'ENOTFOUND',
      message: 'DNS lookup of missing.answer.test found no A or AAAA record (the name does not exist)',
    });
  });

  it('answers localhost and hosts-file names without any query', async () => {
    const server = await startNameserver(() => 'nxdomain');
    nameservers.push(server);
    const resolver = createHostResolver({ servers: [server.address], timeoutMs: 200, tries: 1, search: null });
    const localhost = await resolver('localhost');
    expect(localhost.map((a) => a.address)).toContain('127.0.0.1');
    expect(server.queries).toEqual([]);
  });
});
