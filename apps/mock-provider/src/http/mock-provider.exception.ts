import type { OutgoingHttpHeaders } from 'node:http';

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** An error answered to the client in OpenAI's shape; anything else thrown becomes a 500. */
export class OpenAIError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: OutgoingHttpHeaders | undefined = undefined,
  ) {
    super(message);
    this.name = 'OpenAIError';
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): OpenAIError {
  return new OpenAIError(400, message, 'invalid_request_error', param, code);
}

export function unauthorized(): OpenAIError {
  // The presented key is never echoed back.
  return new OpenAIError(401, 'Incorrect API key provided.', 'invalid_request_error', null, 'invalid_api_key');
}

export function invalidUrl(method: string, path: string): OpenAIError {
  return new OpenAIError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error');
}

export function modelNotFound(model: string): OpenAIError {
  return new OpenAIError(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    'invalid_request_error',
    'model',
    'model_not_found',
  );
}

export function unsupportedParameter(model: string, what: string, param: string): OpenAIError {
  return invalidRequest(`The model \`${model}\` does not support ${what}.`, param, 'unsupported_parameter');
}

export function bodyTooLarge(limitBytes: number): OpenAIError {
  return new OpenAIError(
    413,
    `Request body too large: the limit is ${limitBytes} bytes.`,
    'invalid_request_error',
    null,
    'request_too_large',
    // The rest of the body is not read, so the connection cannot be reused.
    { connection: 'close' },
  );
}

export function invalidJson(): OpenAIError {
  return invalidRequest(
    'We could not parse the JSON body of your request. (HINT: The API expects a JSON payload, but what was sent was not valid JSON.)',
  );
}

export function internalError(): OpenAIError {
  return new OpenAIError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error');
}
