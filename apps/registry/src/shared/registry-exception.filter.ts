import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { ERROR_CODES } from '@model-garden/contracts';
import { type AppLogger, CommandValidationError, LOGGER } from '@model-garden/platform';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, isUnstorableText } from './pg-errors.util';
import { RegistryException } from './registry.exception';

/** Seconds a client is asked to wait after a 503. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * Maps everything an HTTP request can throw to `{"error": {"code", "message",
 * "details"?}}`: the registry's own exception, Nest's HTTP exceptions, Fastify's
 * parser errors (bad JSON, body too large, wrong content type). A database that
 * cannot be reached is a 503 with Retry-After (the request did nothing: its
 * transaction never committed); a character PostgreSQL cannot store is a 400.
 * Anything else is a 500 with a generic message; the cause goes to the log, never to
 * the client.
 */
@Catch()
export class RegistryExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest | undefined>();
    const error = this.toRegistryException(exception, request);
    if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
    if (error.httpStatus === 503) {
      this.logger.warn({ err: exception, requestId: request?.id, route: request?.routeOptions?.url }, 'request refused: a dependency is unavailable');
      if (error.retryAfterSeconds === undefined) void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    } else if (error.httpStatus >= 500) {
      this.logger.error({ err: exception, requestId: request?.id, route: request?.routeOptions?.url }, 'request failed');
    }
    void reply.status(error.httpStatus).header('content-type', 'application/json; charset=utf-8').send(error.toBody());
  }

  private toRegistryException(exception: unknown, request: FastifyRequest | undefined): RegistryException {
    if (exception instanceof RegistryException) return exception;
    if (exception instanceof CommandValidationError) return RegistryException.validation(exception.details);
    if (isDatabaseUnavailable(exception)) return RegistryException.unavailable('database');
    if (isUnstorableText(exception)) return RegistryException.field('body', 'The request holds a character that cannot be stored (such as U+0000); remove it.');
    const status = statusOf(exception);
    switch (status) {
      case 400:
        return new RegistryException(ERROR_CODES.validationFailed, parserMessage(exception), [{ field: 'body', message: parserMessage(exception) }]);
      case 401:
        return RegistryException.unauthorized();
      case 403:
        return RegistryException.forbidden('This key may not do that.');
      case 404:
        return new RegistryException(ERROR_CODES.notFound, `There is no route ${request?.method ?? ''} ${request?.url.split('?')[0] ?? ''}.`.replace('  ', ' '));
      case 405:
        return new RegistryException(ERROR_CODES.notFound, 'This route does not support that method.');
      case 413:
        return new RegistryException(ERROR_CODES.payloadTooLarge, 'The request body is larger than this server accepts.');
      case 415:
        return new RegistryException(ERROR_CODES.unsupportedMediaType, 'Send the request body as JSON (content-type: application/json).');
      default:
        return new RegistryException(ERROR_CODES.internal, 'An unexpected error occurred. The request id in x-request-id identifies it in the logs.');
    }
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  if (typeof exception === 'object' && exception !== null) {
    const status = (exception as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return status;
  }
  return 500;
}

/**
 * A 400 that is not ours is Fastify's body parser (Nest wraps it in an HttpException
 * with Fastify's message). Say what is wrong in our words; never echo the input.
 */
function parserMessage(exception: unknown): string {
  const message = exception instanceof Error ? exception.message : '';
  if (/empty/i.test(message)) return 'The request body is empty; send a JSON object.';
  return 'The request body is not valid JSON.';
}
