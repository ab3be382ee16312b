// Errors a user can act on: each front end prints the message alone (no stack) and exits 1.

export class UserError extends Error {
  override readonly name = 'UserError';
}

/** Message of anything thrown, including non-Error throws. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}
