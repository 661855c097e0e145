import { type LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { type LogLevel } from '../config';
import { activeSpanIds } from '../tracing/trace-context';
import { otlpTracesEndpoint, tracingEnabled } from '../tracing/tracing';
import { REDACT_PATHS, REDACTED, redactText } from './redact';

export type AppLogger = Logger;

/**
 * One structured JSON logger per process. Fields named like secrets are redacted
 * by path and every string argument is scrubbed, so no key reaches a log line.
 */
export function createLogger(options: {
  service: string;
  level: LogLevel;
  destination?: pino.DestinationStream;
  /** Add `trace_id` and `span_id` to lines written in a span: by default when an OTLP endpoint is configured (tracing will start). */
  traceIds?: boolean;
}): AppLogger {
  const traceIds = options.traceIds ?? otlpTracesEndpoint() !== undefined;
  return pino(
    {
      level: options.level,
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError },
      // trace_id and span_id of the active span, so a log line leads to its trace (and back); no mixin at all without tracing.
      ...(traceIds ? { mixin: traceFields } : {}),
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}

/** A fresh object each time: pino merges the line's fields into what the mixin returns. */
function traceFields(): object {
  return (tracingEnabled() && activeSpanIds()) || {};
}

function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: redactText(err.message),
    ...(code !== undefined ? { code } : {}),
    stack: err.stack ? redactText(err.stack) : undefined,
  };
}

/** Nest's LoggerService on top of the process logger, so framework logs are JSON and redacted too. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: AppLogger) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }
  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, optional: unknown[]): void {
    // Nest passes the context (class name) last, and a stack before it for errors.
    const context = typeof optional[optional.length - 1] === 'string' ? (optional[optional.length - 1] as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      if (level === 'error' && typeof optional[0] === 'string' && optional.length > 1) fields['stack'] = redactText(optional[0]);
      this.logger[level](fields, String(message));
    }
  }
}

/** Injection token of the process logger. */
export const LOGGER = Symbol('LOGGER');
