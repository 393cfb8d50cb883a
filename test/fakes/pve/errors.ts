// The three ways a PVE handler fails (pve-common Exception.pm): raise_param_exc (400 with per-parameter errors),
// raise_perm_exc (403) and a plain `die` (500). Messages keep Perl's trailing newline because the JSON body
// carries them verbatim; only the reason phrase is cut to the first line.

export class PveError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
  ) {
    super(message)
  }
}

export function paramException(errors: Record<string, string>): PveError {
  return new PveError(400, 'Parameter verification failed.\n', errors)
}

export function permissionException(what?: string): PveError {
  return new PveError(403, `Permission check failed${what ? ` (${what})` : ''}\n`)
}

/** A handler's `die "...\n"`, which pveproxy answers with 500. */
export function pveDie(message: string): PveError {
  return new PveError(500, message.endsWith('\n') ? message : `${message}\n`)
}

/** A failure inside a worker: the task ends with `TASK ERROR: <message>`. */
export class TaskError extends Error {}

/** The answer for schema methods (or options) the fake validates but does not act on. */
export function notImplementedInFake(): PveError {
  return new PveError(501, 'not implemented in fake\n')
}
