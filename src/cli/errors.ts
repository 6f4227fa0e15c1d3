/** Exit codes of the CLI, documented in `gatehouse --help`. */
export const EXIT = {
  ok: 0,
  failure: 1,
  /** The workspace file (or another input) is invalid. */
  invalidInput: 2,
} as const

/** An error whose message is meant for the user as is (no stack). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message)
    this.name = 'CliError'
  }
}
