import { status } from '@grpc/grpc-js';
import { type ArgumentsHost, Catch, Inject, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { ERROR_CODES } from '@model-garden/contracts';
import { type AppLogger, LOGGER } from '@model-garden/platform';
import { type Observable, throwError } from 'rxjs';
import { isDatabaseUnavailable, isUnstorableText } from '../shared/pg-errors.util';
import { RegistryException } from '../shared/registry.exception';

const GRPC_STATUS: Partial<Record<string, status>> = {
  [ERROR_CODES.validationFailed]: status.INVALID_ARGUMENT,
  [ERROR_CODES.unauthorized]: status.UNAUTHENTICATED,
  [ERROR_CODES.forbidden]: status.PERMISSION_DENIED,
  [ERROR_CODES.notFound]: status.NOT_FOUND,
  [ERROR_CODES.deploymentNotFound]: status.NOT_FOUND,
  [ERROR_CODES.conflict]: status.ALREADY_EXISTS,
  [ERROR_CODES.serviceUnavailable]: status.UNAVAILABLE,
};

/**
 * Maps the registry's exception to a gRPC status: an unreachable database is
 * UNAVAILABLE (callers may serve from cache and retry), a character PostgreSQL cannot
 * store is INVALID_ARGUMENT; anything unexpected is INTERNAL without details.
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(@Inject(LOGGER) private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    if (exception instanceof RpcException) return throwError(() => exception.getError());
    if (exception instanceof RegistryException) {
      const details = exception.details?.map((d) => `${d.field}: ${d.message}`).join('; ');
      return throwError(() => ({ code: GRPC_STATUS[exception.code] ?? status.INTERNAL, message: details ? `${exception.message} ${details}` : exception.message }));
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: exception }, 'gRPC call refused: the database is unavailable');
      return throwError(() => ({ code: status.UNAVAILABLE, message: 'the registry cannot reach its database' }));
    }
    if (isUnstorableText(exception)) {
      return throwError(() => ({ code: status.INVALID_ARGUMENT, message: 'the request holds a character that cannot be stored (such as U+0000)' }));
    }
    this.logger.error({ err: exception, handler: host.getType() }, 'gRPC call failed');
    return throwError(() => ({ code: status.INTERNAL, message: 'internal error' }));
  }
}
