import { readFileSync } from 'node:fs';
import { ChannelCredentials, ServerCredentials } from '@grpc/grpc-js';

/** Reads one PEM file named by an environment variable; a failure names the variable (never the content). */
function pem(variable: string, path: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new Error(`${variable} (${path}) cannot be used: ${typeof code === 'string' ? code : 'unreadable'}`);
  }
  if (!content.toString('latin1').includes('-----BEGIN ')) throw new Error(`${variable} (${path}) cannot be used: not a PEM file`);
  return content;
}

function pair(certVariable: string, cert: string | undefined, keyVariable: string, key: string | undefined): { cert: Buffer; key: Buffer } | undefined {
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new Error(`${certVariable} and ${keyVariable} go together: set both or neither`);
  return { cert: pem(certVariable, cert), key: pem(keyVariable, key) };
}

export interface RegistryGrpcServerTls {
  REGISTRY_GRPC_TLS_CERT_FILE?: string;
  REGISTRY_GRPC_TLS_KEY_FILE?: string;
  REGISTRY_GRPC_TLS_CLIENT_CA_FILE?: string;
}

/**
 * The registry's gRPC server credentials: TLS with the certificate and key files when
 * they are set (and client certificates required, checked against the client CA, when
 * that is set too), plaintext otherwise. Read at boot: a missing file stops the process.
 */
export function registryServerCredentials(config: RegistryGrpcServerTls): ServerCredentials {
  const own = pair('REGISTRY_GRPC_TLS_CERT_FILE', config.REGISTRY_GRPC_TLS_CERT_FILE, 'REGISTRY_GRPC_TLS_KEY_FILE', config.REGISTRY_GRPC_TLS_KEY_FILE);
  if (!own) {
    if (config.REGISTRY_GRPC_TLS_CLIENT_CA_FILE) throw new Error('REGISTRY_GRPC_TLS_CLIENT_CA_FILE needs REGISTRY_GRPC_TLS_CERT_FILE and REGISTRY_GRPC_TLS_KEY_FILE (client certificates are checked over TLS only)');
    return ServerCredentials.createInsecure();
  }
  const clientCa = config.REGISTRY_GRPC_TLS_CLIENT_CA_FILE ? pem('REGISTRY_GRPC_TLS_CLIENT_CA_FILE', config.REGISTRY_GRPC_TLS_CLIENT_CA_FILE) : null;
  return ServerCredentials.createSsl(clientCa, [{ cert_chain: own.cert, private_key: own.key }], clientCa !== null);
}

export interface RegistryGrpcClientTls {
  REGISTRY_GRPC_CA_FILE?: string;
  REGISTRY_GRPC_CLIENT_CERT_FILE?: string;
  REGISTRY_GRPC_CLIENT_KEY_FILE?: string;
  REGISTRY_GRPC_SERVER_NAME?: string;
}

/** A client's channel credentials: TLS against REGISTRY_GRPC_CA_FILE when it is set, `undefined` (plaintext) otherwise. */
export function registryChannelCredentials(config: RegistryGrpcClientTls): ChannelCredentials | undefined {
  const own = pair('REGISTRY_GRPC_CLIENT_CERT_FILE', config.REGISTRY_GRPC_CLIENT_CERT_FILE, 'REGISTRY_GRPC_CLIENT_KEY_FILE', config.REGISTRY_GRPC_CLIENT_KEY_FILE);
  if (!config.REGISTRY_GRPC_CA_FILE) {
    if (own || config.REGISTRY_GRPC_SERVER_NAME) throw new Error('REGISTRY_GRPC_CLIENT_CERT_FILE, REGISTRY_GRPC_CLIENT_KEY_FILE and REGISTRY_GRPC_SERVER_NAME apply to TLS only: set REGISTRY_GRPC_CA_FILE too');
    return undefined;
  }
  return ChannelCredentials.createSsl(pem('REGISTRY_GRPC_CA_FILE', config.REGISTRY_GRPC_CA_FILE), own?.key ?? null, own?.cert ?? null);
}
