import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registryChannelCredentials, registryServerCredentials } from './grpc-tls';

/** Misconfigured TLS stops a service at boot with the variable's name, never the file's content. */
describe('gRPC TLS settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-tls-spec-'));
  const notPem = join(dir, 'not-pem.txt');
  writeFileSync(notPem, 'secret-looking-content');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is plaintext when nothing is set', () => {
    expect(registryChannelCredentials({})).toBeUndefined();
    expect(registryServerCredentials({})._isSecure()).toBe(false);
  });

  it('names the variable of a file that is missing or not PEM, without its content', () => {
    expect(() => registryServerCredentials({ REGISTRY_GRPC_TLS_CERT_FILE: join(dir, 'missing.pem'), REGISTRY_GRPC_TLS_KEY_FILE: notPem })).toThrow(/^REGISTRY_GRPC_TLS_CERT_FILE \(.*missing\.pem\) cannot be used: ENOENT/);
    expect(() => registryChannelCredentials({ REGISTRY_GRPC_CA_FILE: notPem })).toThrow(/^REGISTRY_GRPC_CA_FILE \(.*\) cannot be used: not a PEM file$/);
    expect(() => registryChannelCredentials({ REGISTRY_GRPC_CA_FILE: notPem })).not.toThrow(/secret-looking/);
  });

  it('wants both halves of a pair, and TLS settings only with TLS', () => {
    expect(() => registryServerCredentials({ REGISTRY_GRPC_TLS_CERT_FILE: notPem })).toThrow('REGISTRY_GRPC_TLS_CERT_FILE and REGISTRY_GRPC_TLS_KEY_FILE go together');
    expect(() => registryServerCredentials({ REGISTRY_GRPC_TLS_CLIENT_CA_FILE: notPem })).toThrow(/needs REGISTRY_GRPC_TLS_CERT_FILE/);
    expect(() => registryChannelCredentials({ REGISTRY_GRPC_CLIENT_KEY_FILE: notPem })).toThrow('REGISTRY_GRPC_CLIENT_CERT_FILE and REGISTRY_GRPC_CLIENT_KEY_FILE go together');
    expect(() => registryChannelCredentials({ REGISTRY_GRPC_SERVER_NAME: 'registry' })).toThrow(/set REGISTRY_GRPC_CA_FILE too/);
  });
});
