import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** The one error type routes throw; `errorHandler` turns it (and every other error) into our shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, field?: string) =>
  new ApiError(400, 'invalid_input', message, field);
export const unauthenticated = (message = 'Sign in to continue.') =>
  new ApiError(401, 'unauthenticated', message);
export const forbidden = (message = 'Your role does not allow this.') =>
  new ApiError(403, 'forbidden', message);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} was not found.`);
export const conflict = (message: string, field?: string) => new ApiError(409, 'conflict', message, field);

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

function body(code: string, message: string, field?: string): ErrorBody {
  return { error: field ? { code, message, field } : { code, message } };
}

/** Maps every failure to `{ error: { code, message, field? } }`; only true server faults are 500. */
export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof ApiError) {
    return reply.code(error.status).send(body(error.code, error.message, error.field));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0];
    const path = issue?.instancePath?.replace(/^\//, '').replaceAll('/', '.') ?? '';
    const keys = (issue?.params as { keys?: string[] } | undefined)?.keys;
    const field = keys?.[0] ?? (path || undefined);
    const where = error.validationContext === 'body' ? '' : ` (${error.validationContext})`;
    const message = `${field ?? 'request'}${where}: ${issue?.message ?? 'is invalid'}`;
    return reply.code(400).send(body('invalid_input', message, field));
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return reply.code(500).send(body('internal', 'Something went wrong on our side; it has been logged.'));
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return reply.code(400).send(body('invalid_json', 'The request body is not valid JSON.'));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply.code(413).send(body('too_large', 'The request body is too large.'));
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
      return reply.code(413).send(body('too_large', 'The file is too large (at most 10 MB).', 'file'));
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply
        .code(415)
        .send(body('unsupported_media_type', 'Send the request body as application/json.'));
    case '23505': // unique_violation: a concurrent request took the same MRN or email first
      return reply.code(409).send(body('conflict', 'That record already exists.'));
  }
  if (error instanceof SyntaxError || error.code?.startsWith('FST_ERR_CTP')) {
    return reply.code(400).send(body('invalid_json', 'The request body is not valid JSON.'));
  }
  if (error.statusCode === 429) {
    return reply.code(429).send(body('rate_limited', 'Too many attempts; wait a minute and try again.'));
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(error.statusCode).send(body('bad_request', error.message));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send(body('internal', 'Something went wrong on our side; it has been logged.'));
}
