/** The failures a service may report; each maps one-to-one to a tRPC / HTTP status. */
export type ServiceErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS';

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  /** Field errors, keyed by field path, for BAD_REQUEST. */
  readonly fieldErrors?: Record<string, string[]>;

  constructor(code: ServiceErrorCode, message: string, fieldErrors?: Record<string, string[]>) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export const notFound = (what: string) => new ServiceError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do that') =>
  new ServiceError('FORBIDDEN', message);
export const badRequest = (message: string, fieldErrors?: Record<string, string[]>) =>
  new ServiceError('BAD_REQUEST', message, fieldErrors);
