/**
 * What happens when the analysis fails inside a rule. A rule never lets an
 * exception reach ESLint for something that is our bug, not the user's: the
 * error becomes "no report", a single debug line (with `DEBUG=lockctx`), and a
 * call to the handler installed here. Our own tests and the corpus linter
 * install a handler, so an internal error fails them loudly.
 */

/** Where an internal error happened. */
export interface InternalErrorContext {
  /** The rule that met it, e.g. `no-lock-leak`. */
  rule: string;
  /** The file being linted. */
  filename: string;
}

/** Receives every internal error caught by a rule. */
export type InternalErrorHandler = (
  error: unknown,
  where: InternalErrorContext,
) => void;

let handler: InternalErrorHandler | undefined;
const logged = new Set<string>();

/**
 * Installs `next` as the internal error handler (or removes it with
 * `undefined`) and returns the previous one. A handler may throw: the error
 * then reaches ESLint, which is what a test wants.
 */
export function setInternalErrorHandler(
  next: InternalErrorHandler | undefined,
): InternalErrorHandler | undefined {
  const previous = handler;
  handler = next;
  return previous;
}

/**
 * Records an internal error: one debug line per file (all rules share one
 * analysis, so they meet the same error), then the handler, if any.
 */
export function reportInternalError(
  error: unknown,
  where: InternalErrorContext,
): void {
  if (debugEnabled(process.env.DEBUG) && !logged.has(where.filename)) {
    logged.add(where.filename);
    const detail =
      error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(
      `lockctx: internal error in ${where.rule} on ${where.filename}; ` +
        `no lockctx report for this file.\n${detail}\n`,
    );
  }
  handler?.(error, where);
}

/**
 * Whether a `DEBUG` value (the `debug` package's syntax: comma or space
 * separated names, `*` wildcards, `-name` exclusions) enables `lockctx`.
 */
export function debugEnabled(value: string | undefined): boolean {
  if (value === undefined) return false;
  let enabled = false;
  for (const raw of value.split(/[\s,]+/)) {
    if (raw === '') continue;
    const negated = raw.startsWith('-');
    const name = negated ? raw.slice(1) : raw;
    const pattern = new RegExp(
      `^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
    );
    if (pattern.test('lockctx')) {
      if (negated) return false;
      enabled = true;
    }
  }
  return enabled;
}
