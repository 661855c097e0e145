import { isIPv4, isIPv6 } from 'node:net';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Where a service finds the registry's gRPC API (REGISTRY_GRPC_URL), as a target that
 * @grpc/grpc-js resolves and balances itself:
 *
 * - `host:port`: one name or address. A name is resolved through DNS, and every
 *   address it has is used.
 * - `10.0.0.1:50051,10.0.0.2:50051` (IPv6 in brackets): several registries, written as
 *   grpc-js's `ipv4:`/`ipv6:` address-list target.
 * - `dns:///registry:50051`: one name whose DNS answer lists every registry (a
 *   Kubernetes headless service, a Compose service with replicas); re-resolved when a
 *   connection fails.
 *
 * With the `round_robin` policy (REGISTRY_GRPC_SERVICE_CONFIG) grpc-js keeps a
 * connection to every address and sends each call to the next one that is ready: a
 * registry that stops (even SIGKILLed) leaves the rotation as soon as its connection
 * drops, and calls go on through the others while it is retried in the background.
 */
export interface RegistryGrpcTarget {
  /** The target handed to grpc-js. */
  readonly target: string;
  /** Each registry's `host:port` (IPv6 in brackets), e.g. for the outbound guard's platform endpoints. */
  readonly endpoints: readonly string[];
  /** The hosts written in REGISTRY_GRPC_URL, distinct (a TLS check needs one name for all of them). */
  readonly hosts: readonly string[];
}

const VARIABLE = 'REGISTRY_GRPC_URL';
const FORMS = 'write host:port (registry:50051), a comma-separated list of IP host:port (10.0.0.1:50051,10.0.0.2:50051; IPv6 as [fd00::1]:50051), or dns:///name:port for a name that resolves to every registry';

/**
 * The service config of every registry client: `round_robin` rather than grpc-js's
 * default `pick_first`. Both skip a dead address, but `pick_first` sends everything to
 * one registry and only moves on once that one fails (a reconnect in the call's path);
 * `round_robin` holds a ready connection to each, spreads the gateway's and the
 * validators' calls over the replicas, and has nothing to reconnect when one dies.
 */
export const REGISTRY_GRPC_SERVICE_CONFIG = JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] });

/** A REGISTRY_GRPC_URL that cannot be used: names the variable, the entry and the accepted forms. */
export class RegistryGrpcUrlError extends Error {
  override readonly name = 'RegistryGrpcUrlError';
}

/** Reads REGISTRY_GRPC_URL; throws RegistryGrpcUrlError naming what is wrong and how to write it. */
export function parseRegistryGrpcUrl(value: string): RegistryGrpcTarget {
  const text = value.trim();
  if (text === '') throw new RegistryGrpcUrlError(`${VARIABLE} is empty: ${FORMS}.`);
  if (/^dns:/i.test(text)) {
    const match = /^dns:(?:\/\/\/)?([^/\s,]+)$/i.exec(text);
    const hostPort = match ? splitHostPort(match[1]!) : undefined;
    if (!hostPort) throw new RegistryGrpcUrlError(`${VARIABLE} "${text}" is not dns:///name:port (no DNS server authority, one name, a port): ${FORMS}.`);
    return { target: `dns:///${match![1]}`, endpoints: [match![1]!], hosts: [hostPort.host] };
  }
  const entries = text.split(',').map((e) => e.trim());
  const parsed = entries.map((entry) => {
    const hostPort = splitHostPort(entry);
    if (!hostPort) throw new RegistryGrpcUrlError(`${VARIABLE} entry "${entry}" is not host:port with a port from 1 to 65535: ${FORMS}.`);
    return { entry, ...hostPort };
  });
  const hosts = [...new Set(parsed.map((p) => p.host))];
  if (parsed.length === 1) return { target: parsed[0]!.entry, endpoints: [parsed[0]!.entry], hosts };
  const v4 = parsed.every((p) => isIPv4(p.host));
  const v6 = parsed.every((p) => isIPv6(p.host));
  if (!v4 && !v6) {
    const named = parsed.find((p) => !isIPv4(p.host) && !isIPv6(p.host));
    const reason = named
      ? `lists the name "${named.host}": a list holds IP addresses only (grpc-js resolves no list of names); for names, give one name through DNS (dns:///registry:50051) that resolves to every registry`
      : 'mixes IPv4 and IPv6 addresses: list one family';
    throw new RegistryGrpcUrlError(`${VARIABLE} ${reason}. Accepted: ${FORMS}.`);
  }
  const endpoints = parsed.map((p) => p.entry);
  return { target: `${v4 ? 'ipv4' : 'ipv6'}:${endpoints.join(',')}`, endpoints, hosts };
}

/** Each registry's `host:port` in REGISTRY_GRPC_URL (an invalid value throws, as at boot). */
export function registryGrpcEndpoints(value: string): string[] {
  return [...parseRegistryGrpcUrl(value).endpoints];
}

function splitHostPort(entry: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]\s]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(entry);
  if (!match) return undefined;
  const bracketed = match[1];
  if (bracketed !== undefined && !isIPv6(bracketed)) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: bracketed ?? match[2]!, port };
}

/**
 * Over TLS grpc-js checks every connection's certificate against one name:
 * REGISTRY_GRPC_SERVER_NAME, or else the first host of the target. Registries on
 * different hosts therefore need that variable (a name all their certificates carry);
 * one host on several ports, or a dns: name, does not.
 */
export function assertOneCertificateName(target: RegistryGrpcTarget, serverName: string | undefined): void {
  if (serverName || target.hosts.length <= 1) return;
  throw new RegistryGrpcUrlError(
    `${VARIABLE} lists registries on different hosts (${target.hosts.join(', ')}) over TLS: set REGISTRY_GRPC_SERVER_NAME to the name every registry's certificate carries, or every connection is checked against ${target.hosts[0]}.`,
  );
}

/** class-validator rule of REGISTRY_GRPC_URL: the message is parseRegistryGrpcUrl's, naming the entry and the forms. */
export function IsRegistryGrpcUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRegistryGrpcUrl',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            parseRegistryGrpcUrl(value);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: (args) => {
          try {
            parseRegistryGrpcUrl(String(args?.value ?? ''));
            return `${VARIABLE}: ${FORMS}`;
          } catch (error) {
            return (error as Error).message;
          }
        },
      },
    },
    options,
  );
}
