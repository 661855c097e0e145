import { Counter, Histogram, Registry } from 'prom-client';
import { PresetCounter, PresetHistogram, registerPreset } from './preset-series';

/** The same observations through prom-client's own metric and the preset one print the same lines. */
describe('preset metrics', () => {
  it('print a histogram exactly as prom-client does', async () => {
    const own = new Registry();
    const preset = new Registry();
    const reference = new Histogram({ name: 'h', help: 'a histogram', labelNames: ['endpoint', 'status'], buckets: [0.1, 1, 10], registers: [own] });
    const fast = new PresetHistogram('h', 'a histogram', ['endpoint', 'status'], [0.1, 1, 10]);
    registerPreset(preset, fast);
    const ok = fast.series({ endpoint: 'chat', status: '200' });
    for (const value of [0.05, 0.1, 0.5, 5, 50]) {
      reference.observe({ endpoint: 'chat', status: '200' }, value);
      ok.observe(value);
    }
    reference.observe({ endpoint: 'chat', status: '502' }, 2);
    fast.observe({ status: '502', endpoint: 'chat' }, 2); // labels print in the order of labelNames, whatever the caller's
    expect(await preset.metrics()).toBe(await own.metrics());
    expect((await fast.get()).values).toEqual((await reference.get()).values);
  });

  it('print a counter exactly as prom-client does, one series per label values', async () => {
    const own = new Registry();
    const preset = new Registry();
    const reference = new Counter({ name: 'c_total', help: 'a counter', labelNames: ['direction'], registers: [own] });
    const fast = new PresetCounter('c_total', 'a counter', ['direction']);
    registerPreset(preset, fast);
    reference.inc({ direction: 'in' }, 3);
    reference.inc({ direction: 'out' });
    fast.series({ direction: 'in' }).inc(3);
    fast.inc({ direction: 'out' });
    expect(fast.series({ direction: 'in' })).toBe(fast.series({ direction: 'in' }));
    expect(await preset.metrics()).toBe(await own.metrics());
    expect((await fast.get()).values).toEqual((await reference.get()).values);
  });
});
