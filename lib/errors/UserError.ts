/**
 * An error caused by the user's input (a bad file, a wrong option, a config mistake).
 * The CLI prints its message as one paragraph and exits with code 1, never a stack trace.
 * Anything else that escapes is an internal error (exit code 2).
 *
 * Write the message for the analyst: name the file, row, column or key, and say what was expected.
 *
 * @example
 * throw new UserError("data/leads.csv, row 14, column created_at: expected a date like 2024-03-01, got \"next week\".");
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** True when `e` is a {@link UserError} (also across module copies). */
export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && e.name === "UserError";
}
