import { status } from '@grpc/grpc-js';
import { type CreateWorkspaceResponse } from '@model-garden/contracts';
import { type RegistryGrpcClient } from '@model-garden/platform';
import { createTestCertificates, type TestCertificates } from '@model-garden/testing';
import { lastValueFrom, timeout } from 'rxjs';
import { freePort, GATEWAY_TOKEN, type RegistryHarness, startRegistry } from './registry-harness';

/**
 * The registry's gRPC API over TLS with a CA generated for this run: mutual TLS when
 * REGISTRY_GRPC_TLS_CLIENT_CA_FILE is set; a plaintext client, a client that trusts
 * another CA, and a client without a certificate are all refused.
 */
describe('registry gRPC over TLS', () => {
  let certs: TestCertificates;
  let registry: RegistryHarness;
  let acme: CreateWorkspaceResponse;

  beforeAll(async () => {
    certs = createTestCertificates();
    registry = await startRegistry('grpc_tls', {
      REGISTRY_GRPC_TLS_CERT_FILE: certs.server.cert,
      REGISTRY_GRPC_TLS_KEY_FILE: certs.server.key,
      REGISTRY_GRPC_TLS_CLIENT_CA_FILE: certs.ca.cert,
    });
    acme = await registry.createWorkspace('acme');
  });

  afterAll(async () => {
    await registry?.close();
    certs?.remove();
  });

  const authenticate = (client: RegistryGrpcClient) => lastValueFrom(client.service.authenticateApiKey({ apiKey: acme.apiKey.key }, client.metadata()).pipe(timeout(5_000)));
  const failure = async (client: RegistryGrpcClient): Promise<number> => {
    try {
      await authenticate(client);
    } catch (error) {
      return (error as { code: number }).code;
    }
    throw new Error('the call succeeded');
  };

  it('answers a client that trusts its CA and presents a certificate signed by the client CA', async () => {
    const client = registry.grpc(GATEWAY_TOKEN, { REGISTRY_GRPC_CA_FILE: certs.ca.cert, REGISTRY_GRPC_CLIENT_CERT_FILE: certs.client.cert, REGISTRY_GRPC_CLIENT_KEY_FILE: certs.client.key });
    expect(await authenticate(client)).toMatchObject({ workspaceId: acme.workspace.id });
    await expect(client.ready()).resolves.toBeUndefined();
  });

  it('answers through a REGISTRY_GRPC_URL list whose first registry is down, the certificate checked against the list\'s host', async () => {
    const tls = { REGISTRY_GRPC_CA_FILE: certs.ca.cert, REGISTRY_GRPC_CLIENT_CERT_FILE: certs.client.cert, REGISTRY_GRPC_CLIENT_KEY_FILE: certs.client.key };
    const client = registry.grpc(GATEWAY_TOKEN, tls, `127.0.0.1:${await freePort()},${registry.grpcUrl}`);
    expect(await authenticate(client)).toMatchObject({ workspaceId: acme.workspace.id });
    expect(await authenticate(client)).toMatchObject({ workspaceId: acme.workspace.id });
  });

  it('checks the name on its certificate (REGISTRY_GRPC_SERVER_NAME overrides the host)', async () => {
    const client = registry.grpc(GATEWAY_TOKEN, { REGISTRY_GRPC_CA_FILE: certs.ca.cert, REGISTRY_GRPC_CLIENT_CERT_FILE: certs.client.cert, REGISTRY_GRPC_CLIENT_KEY_FILE: certs.client.key, REGISTRY_GRPC_SERVER_NAME: 'localhost' });
    expect(await authenticate(client)).toMatchObject({ workspaceId: acme.workspace.id });
    const wrongName = registry.grpc(GATEWAY_TOKEN, { REGISTRY_GRPC_CA_FILE: certs.ca.cert, REGISTRY_GRPC_CLIENT_CERT_FILE: certs.client.cert, REGISTRY_GRPC_CLIENT_KEY_FILE: certs.client.key, REGISTRY_GRPC_SERVER_NAME: 'registry.elsewhere' });
    expect(await failure(wrongName)).toBe(status.UNAVAILABLE);
  });

  it('refuses a plaintext client, a client trusting another CA, and a client without a certificate', async () => {
    expect(await failure(registry.grpc(GATEWAY_TOKEN))).toBe(status.UNAVAILABLE);
    expect(await failure(registry.grpc(GATEWAY_TOKEN, { REGISTRY_GRPC_CA_FILE: certs.otherCa.cert, REGISTRY_GRPC_CLIENT_CERT_FILE: certs.client.cert, REGISTRY_GRPC_CLIENT_KEY_FILE: certs.client.key }))).toBe(status.UNAVAILABLE);
    expect(await failure(registry.grpc(GATEWAY_TOKEN, { REGISTRY_GRPC_CA_FILE: certs.ca.cert }))).toBe(status.UNAVAILABLE);
  });
});
