import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { assertOneCertificateName, IsRegistryGrpcUrl, parseRegistryGrpcUrl, REGISTRY_GRPC_SERVICE_CONFIG, registryGrpcEndpoints } from './registry-target';

class Example {
  @IsRegistryGrpcUrl()
  REGISTRY_GRPC_URL!: string;
}

function messagesFor(value: string): string[] {
  const errors = validateSync(plainToInstance(Example, { REGISTRY_GRPC_URL: value }));
  return errors.flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('REGISTRY_GRPC_URL', () => {
  it('keeps one host:port as it is (a name is resolved through DNS, every address used)', () => {
    expect(parseRegistryGrpcUrl('registry:50051')).toEqual({ target: 'registry:50051', endpoints: ['registry:50051'], hosts: ['registry'] });
    expect(parseRegistryGrpcUrl(' 127.0.0.1:50051 ').target).toBe('127.0.0.1:50051');
  });

  it('turns a list of IPv4 or IPv6 addresses into a grpc-js address-list target', () => {
    expect(parseRegistryGrpcUrl('10.0.0.1:50051, 10.0.0.2:50052')).toEqual({
      target: 'ipv4:10.0.0.1:50051,10.0.0.2:50052',
      endpoints: ['10.0.0.1:50051', '10.0.0.2:50052'],
      hosts: ['10.0.0.1', '10.0.0.2'],
    });
    expect(parseRegistryGrpcUrl('[fd00::1]:50051,[fd00::2]:50051').target).toBe('ipv6:[fd00::1]:50051,[fd00::2]:50051');
    expect(parseRegistryGrpcUrl('127.0.0.1:50051,127.0.0.1:50052').hosts).toEqual(['127.0.0.1']);
  });

  it('passes a dns: target through, in its canonical dns:/// form', () => {
    expect(parseRegistryGrpcUrl('dns:///registry.mg.svc.cluster.local:50051')).toEqual({
      target: 'dns:///registry.mg.svc.cluster.local:50051',
      endpoints: ['registry.mg.svc.cluster.local:50051'],
      hosts: ['registry.mg.svc.cluster.local'],
    });
    expect(parseRegistryGrpcUrl('dns:registry:50051').target).toBe('dns:///registry:50051');
  });

  it('refuses what grpc-js could not balance, naming the entry and the accepted forms', () => {
    expect(() => parseRegistryGrpcUrl('registry-1:50051,registry-2:50051')).toThrow(/lists the name "registry-1".*dns:\/\/\/registry:50051/);
    expect(() => parseRegistryGrpcUrl('10.0.0.1:50051,[fd00::1]:50051')).toThrow(/mixes IPv4 and IPv6/);
    expect(() => parseRegistryGrpcUrl('registry')).toThrow('REGISTRY_GRPC_URL entry "registry" is not host:port');
    expect(() => parseRegistryGrpcUrl('10.0.0.1:50051,10.0.0.2:0')).toThrow('entry "10.0.0.2:0" is not host:port with a port from 1 to 65535');
    expect(() => parseRegistryGrpcUrl('10.0.0.1:50051,')).toThrow('entry "" is not host:port');
    expect(() => parseRegistryGrpcUrl('dns://8.8.8.8/registry:50051')).toThrow(/is not dns:\/\/\/name:port/);
    expect(() => parseRegistryGrpcUrl('[registry]:50051')).toThrow(/is not host:port/);
    expect(() => parseRegistryGrpcUrl('')).toThrow('REGISTRY_GRPC_URL is empty');
  });

  it('is the config rule: a bad value fails validation with the parser\'s message', () => {
    expect(messagesFor('10.0.0.1:50051,10.0.0.2:50051')).toEqual([]);
    expect(messagesFor('dns:///registry:50051')).toEqual([]);
    expect(messagesFor('registry-1:50051,registry-2:50051')).toEqual([expect.stringMatching(/^REGISTRY_GRPC_URL lists the name "registry-1"/)]);
  });

  it('lists each registry as a platform endpoint', () => {
    expect(registryGrpcEndpoints('127.0.0.1:50051,127.0.0.1:50052')).toEqual(['127.0.0.1:50051', '127.0.0.1:50052']);
    expect(registryGrpcEndpoints('dns:///registry:50051')).toEqual(['registry:50051']);
  });

  it('balances with round_robin', () => {
    expect(JSON.parse(REGISTRY_GRPC_SERVICE_CONFIG)).toEqual({ loadBalancingConfig: [{ round_robin: {} }] });
  });
});

describe('TLS with several registries', () => {
  it('wants REGISTRY_GRPC_SERVER_NAME when the registries are on different hosts (grpc-js checks one name for all)', () => {
    expect(() => assertOneCertificateName(parseRegistryGrpcUrl('10.0.0.1:50051,10.0.0.2:50051'), undefined)).toThrow(
      /different hosts \(10\.0\.0\.1, 10\.0\.0\.2\) over TLS: set REGISTRY_GRPC_SERVER_NAME/,
    );
    expect(() => assertOneCertificateName(parseRegistryGrpcUrl('10.0.0.1:50051,10.0.0.2:50051'), 'registry.internal')).not.toThrow();
  });

  it('needs no name for one host (several ports) or a dns: target (its name is checked)', () => {
    expect(() => assertOneCertificateName(parseRegistryGrpcUrl('127.0.0.1:50051,127.0.0.1:50052'), undefined)).not.toThrow();
    expect(() => assertOneCertificateName(parseRegistryGrpcUrl('dns:///registry:50051'), undefined)).not.toThrow();
  });
});
