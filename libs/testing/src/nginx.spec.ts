import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBalancerConfig, reloadNginx } from './nginx';

describe('loadBalancerConfig', () => {
  const config = loadBalancerConfig({ prefix: '/tmp/lb', host: '127.0.0.1', entries: [{ name: 'gateways', listen: 8080, upstreams: [4001, 4002] }, { name: 'registries', listen: 8081, upstreams: [3001] }] });

  it('one upstream block and one server per entry, every replica listed, failing replicas skipped for a while', () => {
    expect(config).toContain('upstream gateways {\n    server 127.0.0.1:4001 max_fails=1 fail_timeout=2s;\n    server 127.0.0.1:4002 max_fails=1 fail_timeout=2s;');
    expect(config).toContain('listen 127.0.0.1:8080;');
    expect(config).toContain('proxy_pass http://gateways;');
    expect(config).toContain('listen 127.0.0.1:8081;');
    expect(config).toContain('proxy_next_upstream_tries 2;');
  });

  it('streams (no buffering), keeps upstream connections alive, and passes the client address on', () => {
    expect(config).toContain('proxy_buffering off;');
    // No temporary file for a large body (workers run as nobody under root, maybe outside a 0700 parent).
    expect(config).toContain('proxy_request_buffering off;');
    expect(config).toContain('proxy_set_header Connection "";');
    expect(config).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    expect(config).toContain('pid /tmp/lb/nginx.pid;');
  });

  it('logs nothing by default, and with an access log one JSON line per request naming the replicas tried', () => {
    expect(config).toContain('access_log off;');
    const logged = loadBalancerConfig({ prefix: '/tmp/lb', host: '127.0.0.1', entries: [{ name: 'gateways', listen: 8080, upstreams: [4001] }], accessLog: '/tmp/lb/logs/access.log' });
    expect(logged).not.toContain('access_log off;');
    expect(logged).toContain('access_log /tmp/lb/logs/access.log replicas;');
    expect(logged).toContain(`log_format replicas escape=json '{"msec":"$msec","requestId":"$http_x_request_id","method":"$request_method","uri":"$uri","status":"$status","upstreams":"$upstream_addr","upstreamStatuses":"$upstream_status"}';`);
  });

  it('refuses a name nginx would misread and an entry with nothing behind it', () => {
    expect(() => loadBalancerConfig({ prefix: '/tmp/lb', host: '127.0.0.1', entries: [{ name: 'a b', listen: 1, upstreams: [2] }] })).toThrow('nginx upstream name "a b" must be letters, digits and underscores');
    expect(() => loadBalancerConfig({ prefix: '/tmp/lb', host: '127.0.0.1', entries: [{ name: 'empty', listen: 1, upstreams: [] }] })).toThrow('nginx entry empty has no upstreams');
  });

  it('connects to the replicas from the source address the replicas trust, when given one', () => {
    expect(loadBalancerConfig({ prefix: '/tmp/lb', host: '127.0.0.1', entries: [{ name: 'gateways', listen: 8080, upstreams: [4001] }] })).not.toContain('proxy_bind');
    const bound = loadBalancerConfig({ prefix: '/tmp/lb', host: '127.0.0.1', sourceAddress: '127.0.0.2', entries: [{ name: 'gateways', listen: 8080, upstreams: [4001] }] });
    expect(bound).toContain('proxy_pass http://gateways;\n      proxy_bind 127.0.0.2;');
  });
});

describe('reloadNginx', () => {
  it('changes nothing, and signals nothing, when the configuration is the one nginx runs', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'mg-nginx-'));
    try {
      const config = loadBalancerConfig({ prefix, host: '127.0.0.1', entries: [{ name: 'gateways', listen: 8080, upstreams: [4001] }] });
      writeFileSync(join(prefix, 'nginx.conf'), config);
      // No process has this pid (above Linux's pid_max): a signal would throw ESRCH.
      expect(reloadNginx({ prefix, config, pid: 2 ** 22 + 1 })).toBe(false);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

});
