import { Metadata, status } from '@grpc/grpc-js';
import { type ExecutionContext } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { SERVICE_TOKEN_METADATA_KEY } from '@model-garden/contracts';
import { type RegistryConfig } from '../config/registry.config';
import { ServiceTokenGuard } from './service-token.guard';

const TOKENS = { VALIDATOR_SERVICE_TOKEN: 'validator-token-0123456789', GATEWAY_SERVICE_TOKEN: 'gateway-token-0123456789' };

function call(token: string | undefined, method: string): ExecutionContext {
  const metadata = new Metadata();
  if (token !== undefined) metadata.set(SERVICE_TOKEN_METADATA_KEY, token);
  const args = [{}, metadata, { getPath: () => `/modelgarden.registry.v1.RegistryService/${method}` }];
  return {
    switchToRpc: () => ({ getContext: () => metadata, getData: () => args[0] }),
    getArgByIndex: (index: number) => args[index],
  } as unknown as ExecutionContext;
}

function refusal(guard: ServiceTokenGuard, context: ExecutionContext): number | undefined {
  try {
    guard.canActivate(context);
    return undefined;
  } catch (error) {
    return ((error as RpcException).getError() as { code: number }).code;
  }
}

describe('ServiceTokenGuard', () => {
  const guard = new ServiceTokenGuard(TOKENS as RegistryConfig);

  it.each([
    ['validator', TOKENS.VALIDATOR_SERVICE_TOKEN, 'GetModelForValidation'],
    ['validator', TOKENS.VALIDATOR_SERVICE_TOKEN, 'ListActiveModels'],
    ['gateway', TOKENS.GATEWAY_SERVICE_TOKEN, 'AuthenticateApiKey'],
    ['gateway', TOKENS.GATEWAY_SERVICE_TOKEN, 'ResolveModel'],
    ['gateway', TOKENS.GATEWAY_SERVICE_TOKEN, 'ListModels'],
  ])('lets the %s call %s', (_, token, method) => {
    expect(guard.canActivate(call(token, method))).toBe(true);
  });

  it.each([
    [TOKENS.GATEWAY_SERVICE_TOKEN, 'GetModelForValidation'],
    [TOKENS.GATEWAY_SERVICE_TOKEN, 'ListActiveModels'],
    [TOKENS.VALIDATOR_SERVICE_TOKEN, 'ResolveModel'],
    [TOKENS.GATEWAY_SERVICE_TOKEN, 'AMethodNobodyListed'],
  ])('refuses %s calling %s (PERMISSION_DENIED)', (token, method) => {
    expect(refusal(guard, call(token, method))).toBe(status.PERMISSION_DENIED);
  });

  it('refuses a missing, wrong or unconfigured token (UNAUTHENTICATED)', () => {
    expect(refusal(guard, call(undefined, 'ResolveModel'))).toBe(status.UNAUTHENTICATED);
    expect(refusal(guard, call('not-a-known-token-000000', 'ResolveModel'))).toBe(status.UNAUTHENTICATED);
    expect(refusal(guard, call('', 'ResolveModel'))).toBe(status.UNAUTHENTICATED);
  });

  it('knows the experiment worker only when its token is set, and gives it no method the table does not list', () => {
    const withWorker = new ServiceTokenGuard({ ...TOKENS, EXPERIMENT_WORKER_SERVICE_TOKEN: 'worker-token-0123456789' } as RegistryConfig);
    expect(refusal(withWorker, call('worker-token-0123456789', 'GetModelForValidation'))).toBe(status.PERMISSION_DENIED);
    expect(refusal(guard, call('worker-token-0123456789', 'GetModelForValidation'))).toBe(status.UNAUTHENTICATED);
  });

  it('refuses to start when two services share a token', () => {
    expect(() => new ServiceTokenGuard({ ...TOKENS, VALIDATOR_SERVICE_TOKEN: TOKENS.GATEWAY_SERVICE_TOKEN } as RegistryConfig)).toThrow('VALIDATOR_SERVICE_TOKEN and GATEWAY_SERVICE_TOKEN must differ');
  });
});
