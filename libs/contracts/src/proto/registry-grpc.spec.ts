import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSync } from '@grpc/proto-loader';
import { REGISTRY_PROTO_LOADER_OPTIONS, REGISTRY_PROTO_PATH } from './registry-grpc';

const SCRIPT = join(__dirname, '../../../../tools/proto/gen-types.sh');

/** The flags `npm run proto:gen` passes to proto-loader-gen-types. */
function generatorFlags(): Map<string, string> {
  const line = readFileSync(SCRIPT, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('FLAGS=('));
  if (!line) throw new Error(`${SCRIPT} has no FLAGS=(...) line`);
  const flags = new Map<string, string>();
  for (const [, name, value] of line.matchAll(/--(\w+)(?:=(\S+?))?(?=[\s)])/g)) flags.set(name!, value ?? 'true');
  return flags;
}

describe('generated gRPC types', () => {
  it('are generated with the options proto-loader loads registry.proto with at run time', () => {
    const flags = generatorFlags();
    const expected = Object.entries(REGISTRY_PROTO_LOADER_OPTIONS).map(([name, value]) => [name, typeof value === 'function' ? value.name : String(value)]);
    expect(expected.map(([name]) => [name, flags.get(name!)])).toEqual(expected);
  });

  it('cover every message (under its proto name) and method of registry.proto', () => {
    const definition = loadSync(REGISTRY_PROTO_PATH, REGISTRY_PROTO_LOADER_OPTIONS);
    const generated = join(__dirname, 'generated/modelgarden/registry/v1');
    for (const name of Object.keys(definition)) {
      const [, , , type] = name.split('.');
      expect([name, readFileSync(join(generated, `${type}.ts`), 'utf8').length > 0]).toEqual([name, true]);
    }
    const messages = readFileSync(join(__dirname, 'generated/messages.ts'), 'utf8');
    for (const name of Object.keys(definition).filter((n) => !n.endsWith('Service'))) expect(messages).toContain(` as ${name.split('.').pop()} }`);
    const service = readFileSync(join(generated, 'RegistryService.ts'), 'utf8');
    for (const method of Object.keys(definition['modelgarden.registry.v1.RegistryService'] as object)) expect(service).toContain(`${method}(argument`);
  });
});
