import { parseChildTimes, parseWrkOutput, wrkArgs } from './wrk';

const OUTPUT = `Running 10s test @ http://127.0.0.1:3003/v1/chat/completions
  1 threads and 32 connections
BENCH_RESULT {"requests":120000,"durationUs":10000000,"bytes":48000000,"errors":{"connect":0,"read":1,"write":0,"status":3,"timeout":2},"latencyUs":{"min":80,"mean":265.500,"stdev":40.125,"max":12034,"p50":250,"p90":310,"p99":880,"p999":2100}}
0m0.003s 0m0.001s
0m1.250s 0m2.750s
`;

describe('parseWrkOutput', () => {
  it('turns the Lua summary into requests per second, latencies in ms and error totals', () => {
    const r = parseWrkOutput(OUTPUT);
    expect(r.requests).toBe(120000);
    expect(r.durationSeconds).toBe(10);
    expect(r.rps).toBe(12000);
    expect(r.latencyMs).toEqual({ min: 0.08, mean: 0.2655, p50: 0.25, p90: 0.31, p99: 0.88, p999: 2.1, max: 12.034 });
    expect(r.errors).toEqual({ connect: 0, read: 1, write: 0, status: 3, timeout: 2, total: 6 });
    expect(r.loadGeneratorCpuSeconds).toBe(4);
  });

  it('fails with the output when wrk printed no summary', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused\n')).toThrow(/no summary[\s\S]*Connection refused/);
  });
});

describe('parseChildTimes', () => {
  it('reads the children line of bash times, minutes included', () => {
    expect(parseChildTimes('0m0.000s 0m0.000s\n1m2.500s 0m0.500s\n')).toBe(63);
  });

  it('is null without a times output', () => {
    expect(parseChildTimes('nothing here')).toBeNull();
  });
});

describe('wrkArgs', () => {
  const run = { url: 'http://127.0.0.1:1/x', connections: 32, durationSeconds: 10, body: '{}', authorization: 'Bearer k', cpu: 1 };

  it('pins wrk with taskset when a CPU is given', () => {
    expect(wrkArgs(run, '/s.lua')).toEqual(['taskset', '-c', '1', 'wrk', '-t1', '-c32', '-d10s', '--timeout', '5s', '-s', '/s.lua', 'http://127.0.0.1:1/x']);
  });

  it('runs wrk alone without a CPU', () => {
    expect(wrkArgs({ ...run, cpu: null, timeoutSeconds: 2 }, '/s.lua')[0]).toBe('wrk');
    expect(wrkArgs({ ...run, cpu: null, timeoutSeconds: 2 }, '/s.lua')).toContain('2s');
  });
});
