import { localStackSettings, parseUpArguments, portPlan, stackEnvEntries, withEncryptionKeyHint } from './stack-env';

describe('withEncryptionKeyHint', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/model_garden';

  it('tells a second checkout how to reuse the first one\'s keys or start from an empty database', () => {
    const message = withEncryptionKeyHint('migrations failed (exit 1):\nthe provider key of model m (key id k1) cannot be decrypted: wrong key', url);
    expect(message).toContain('cannot be decrypted');
    expect(message).toContain('copy that checkout\'s .local/stack.env here');
    expect(message).toContain('dropdb -h 127.0.0.1 -U postgres model_garden && npm run up');
  });

  it('leaves other failures as they are', () => {
    expect(withEncryptionKeyHint('migrations failed (exit 1): connection refused', url)).toBe('migrations failed (exit 1): connection refused');
  });
});

describe('npm run up -- --replicas=N', () => {
  it('takes --replicas=N from 1 to 8 (1 without arguments) and --help', () => {
    expect(parseUpArguments([])).toEqual({ replicas: 1, help: false });
    expect(parseUpArguments(['--replicas=2'])).toEqual({ replicas: 2, help: false });
    expect(parseUpArguments(['--replicas=8', '--help'])).toEqual({ replicas: 8, help: true });
  });

  it.each([
    [['--replicas=0'], "--replicas must be a whole number from 1 to 8, got '0'"],
    [['--replicas=9'], "--replicas must be a whole number from 1 to 8, got '9'"],
    [['--replicas=two'], "--replicas must be a whole number from 1 to 8, got 'two'"],
    [['--replicas=1.5'], "--replicas must be a whole number from 1 to 8, got '1.5'"],
    [['--replicas', '2'], "--replicas needs its value after '=' (--replicas=2)"],
    [['--replica=2'], "unknown argument '--replica=2'"],
  ])('refuses %j, saying why, with the usage', (argv, message) => {
    expect(() => parseUpArguments(argv)).toThrow(message);
    expect(() => parseUpArguments(argv)).toThrow('npm run up [-- --replicas=N]');
  });
});

describe('the local stack with replicas', () => {
  const PORT_VARIABLES = [...new Set(portPlan(localStackSettings({}, 2)).map((p) => p.variable))];
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(PORT_VARIABLES.map((name) => [name, process.env[name]]));
    for (const name of PORT_VARIABLES) delete process.env[name];
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("one replica: today's ports, no nginx, every *_URLS variable holds the one replica", () => {
    const s = localStackSettings({});
    expect(s.extraReplicas).toBeUndefined();
    expect(s.entries).toBeUndefined();
    const env = stackEnvEntries(s);
    expect(env).toMatchObject({ STACK_REPLICAS: '1', REGISTRY_URL: 'http://127.0.0.1:3000', GATEWAY_URL: 'http://127.0.0.1:3002', REGISTRY_URLS: 'http://127.0.0.1:3000', GATEWAY_URLS: 'http://127.0.0.1:3002', VALIDATOR_URLS: 'http://127.0.0.1:3001' });
    expect(portPlan(s).map((p) => p.port)).toEqual([3003, 3000, 50051, 9300, 3001, 9301, 3002, 9302, 3004, 9304]);
  });

  it("three replicas: replica k on replica 1's ports plus 10 × (k − 1), nginx's entries on 3080 and 3082, every replica's URL listed", () => {
    const s = localStackSettings({}, 3);
    expect(s.extraReplicas).toEqual([
      { registry: 3010, registryGrpc: 50061, registryInternal: 9310, validator: 3011, validatorInternal: 9311, gateway: 3012, gatewayInternal: 9312, experimentWorker: 3014, experimentWorkerInternal: 9314 },
      { registry: 3020, registryGrpc: 50071, registryInternal: 9320, validator: 3021, validatorInternal: 9321, gateway: 3022, gatewayInternal: 9322, experimentWorker: 3024, experimentWorkerInternal: 9324 },
    ]);
    expect(s.entries).toEqual({ registry: 3080, gateway: 3082 });
    expect(stackEnvEntries(s)).toMatchObject({
      STACK_REPLICAS: '3',
      REGISTRY_URL: 'http://127.0.0.1:3080',
      GATEWAY_URL: 'http://127.0.0.1:3082',
      VALIDATOR_URL: 'http://127.0.0.1:3001',
      REGISTRY_URLS: 'http://127.0.0.1:3000,http://127.0.0.1:3010,http://127.0.0.1:3020',
      GATEWAY_URLS: 'http://127.0.0.1:3002,http://127.0.0.1:3012,http://127.0.0.1:3022',
      VALIDATOR_URLS: 'http://127.0.0.1:3001,http://127.0.0.1:3011,http://127.0.0.1:3021',
      EXPERIMENT_WORKER_URLS: 'http://127.0.0.1:3004,http://127.0.0.1:3014,http://127.0.0.1:3024',
    });
    const plan = portPlan(s);
    expect(plan.filter((p) => p.process === 'gateway-3')).toEqual([
      { process: 'gateway-3', port: 3022, variable: 'GATEWAY_PORT' },
      { process: 'gateway-3', port: 9322, variable: 'GATEWAY_INTERNAL_PORT' },
    ]);
    expect(plan.filter((p) => p.process === 'nginx').map((p) => p.port)).toEqual([3080, 3082]);
    expect(new Set(plan.map((p) => p.port)).size).toBe(plan.length);
  });

  it('the port variables move every replica and the entries with the first one; the entries have their own', () => {
    Object.assign(process.env, { REGISTRY_PORT: '4000', GATEWAY_PORT: '4002', GATEWAY_ENTRY_PORT: '4500' });
    const s = localStackSettings({}, 2);
    expect([s.extraReplicas![0]!.registry, s.extraReplicas![0]!.gateway, s.entries]).toEqual([4010, 4012, { registry: 4080, gateway: 4500 }]);
  });

  it('refuses a port variable that is not a port, and ports that two processes would share, naming both', () => {
    process.env['GATEWAY_PORT'] = '30o2';
    expect(() => localStackSettings({}, 2)).toThrow("GATEWAY_PORT must be a TCP port (1 to 65535), got '30o2'");
    process.env['GATEWAY_PORT'] = '3011';
    expect(() => localStackSettings({})).not.toThrow();
    expect(() => localStackSettings({}, 2)).toThrow("port 3011 would be both gateway's (GATEWAY_PORT) and validator-2's (VALIDATOR_PORT)");
  });

  it('keeps the secrets of the previous stack.env whatever the number of replicas', () => {
    const previous = stackEnvEntries(localStackSettings({}, 1));
    const again = stackEnvEntries(localStackSettings(previous, 4));
    for (const name of ['ADMIN_TOKEN', 'ENCRYPTION_KEYS', 'GATEWAY_SERVICE_TOKEN', 'MOCK_PROVIDER_API_KEY', 'DATABASE_URL']) expect(again[name]).toBe(previous[name]);
  });
});
