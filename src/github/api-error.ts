// The one error type the GitHub edge throws: what failed, with the HTTP status when there was one.

export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';
  /** HTTP status of the last attempt; undefined when GitHub could not be reached at all. */
  readonly status: number | undefined;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
}

/** The HTTP status of an error thrown by the client, if it carries one. */
export function errorStatus(error: unknown): number | undefined {
  if (error instanceof GitHubApiError) return error.status;
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    return error.status;
  }
  return undefined;
}

/** Text of any thrown value, Error or not. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
