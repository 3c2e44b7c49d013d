/**
 * Reads `// expect: <check-id>[, <check-id>…]` markers from a usage file:
 * each ends the line on which the analysis must report that finding. A
 * marker alone on its line is an error (a formatter moved it).
 */

/** One expected finding. */
export interface Expectation {
  /** 1-based line. */
  line: number;
  check: string;
}

const MARKER = /\/\/\s*expect:(.*)$/;
const CHECK_ID = /^[a-z]+(?:-[a-z]+)*$/;

/**
 * The markers of `text`, in order.
 *
 * @throws Error naming the line of a marker with no check or a malformed one.
 */
export function readExpectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((source, i) => {
    const match = MARKER.exec(source);
    if (match === null) return;
    if (source.slice(0, match.index).trim() === '') {
      throw new Error(
        `line ${i + 1}: a marker must end the reported line, not stand alone`,
      );
    }
    const ids = match[1]!
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (ids.length === 0)
      throw new Error(`line ${i + 1}: 'expect:' names no check`);
    for (const id of ids) {
      if (!CHECK_ID.test(id)) {
        throw new Error(`line ${i + 1}: '${id}' is not a check id`);
      }
      out.push({ line: i + 1, check: id });
    }
  });
  return out;
}
