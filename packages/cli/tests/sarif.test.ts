import { afterAll, describe, expect, it } from 'vitest';
import {
  AWAIT_LOCKED,
  BROKEN,
  CLEAN,
  STALE,
  fixture,
  runBin,
} from './helpers.js';

const project = fixture({
  'src/stale.ts': STALE,
  'src/await.ts': AWAIT_LOCKED,
  'src/clean.ts': CLEAN,
  'src/bad.ts': BROKEN,
});
afterAll(project.cleanup);

type Json = Record<string, unknown>;

/**
 * The `required` lists of the SARIF 2.1.0 schema for the objects lockctx
 * writes (sarif-schema-2.1.0.json), walked over the whole log.
 */
const REQUIRED: Record<string, string[]> = {
  sarifLog: ['version', 'runs'],
  run: ['tool'],
  tool: ['driver'],
  toolComponent: ['name'],
  reportingDescriptor: ['id'],
  result: ['message'],
  codeFlow: ['threadFlows'],
  threadFlow: ['locations'],
  notification: ['message'],
  invocation: ['executionSuccessful'],
  fix: ['artifactChanges'],
  artifactChange: ['artifactLocation', 'replacements'],
  replacement: ['deletedRegion'],
};

function missing(
  kind: string,
  value: unknown,
  path: string,
  out: string[],
): void {
  const object = value as Json;
  for (const key of REQUIRED[kind] ?? []) {
    if (object[key] === undefined) out.push(`${path}.${key}`);
  }
}

function validate(log: Json): string[] {
  const out: string[] = [];
  missing('sarifLog', log, '$', out);
  if (log.version !== '2.1.0') out.push('$.version must be 2.1.0');
  (log.runs as Json[]).forEach((run, r) => {
    const at = `$.runs[${r}]`;
    missing('run', run, at, out);
    const tool = run.tool as Json;
    missing('tool', tool, `${at}.tool`, out);
    missing('toolComponent', tool.driver, `${at}.tool.driver`, out);
    ((tool.driver as Json).rules as Json[]).forEach((rule, i) =>
      missing(
        'reportingDescriptor',
        rule,
        `${at}.tool.driver.rules[${i}]`,
        out,
      ),
    );
    ((run.invocations as Json[] | undefined) ?? []).forEach((inv, i) => {
      missing('invocation', inv, `${at}.invocations[${i}]`, out);
      ((inv.toolExecutionNotifications as Json[] | undefined) ?? []).forEach(
        (n, j) =>
          missing(
            'notification',
            n,
            `${at}.invocations[${i}].toolExecutionNotifications[${j}]`,
            out,
          ),
      );
    });
    (run.results as Json[]).forEach((result, i) => {
      const rat = `${at}.results[${i}]`;
      missing('result', result, rat, out);
      const message = result.message as Json;
      if (message.text === undefined && message.id === undefined)
        out.push(`${rat}.message needs text or id`);
      for (const loc of [
        ...(result.locations as Json[]),
        ...((result.relatedLocations as Json[] | undefined) ?? []),
      ]) {
        const region = (loc.physicalLocation as Json).region as Json;
        if (
          !((region.startLine as number) >= 1) ||
          !((region.startColumn as number) >= 1)
        ) {
          out.push(`${rat}: a region needs startLine and startColumn >= 1`);
        }
      }
      ((result.codeFlows as Json[] | undefined) ?? []).forEach((flow, f) => {
        missing('codeFlow', flow, `${rat}.codeFlows[${f}]`, out);
        (flow.threadFlows as Json[]).forEach((tf, t) =>
          missing(
            'threadFlow',
            tf,
            `${rat}.codeFlows[${f}].threadFlows[${t}]`,
            out,
          ),
        );
      });
      ((result.fixes as Json[] | undefined) ?? []).forEach((fix, f) => {
        missing('fix', fix, `${rat}.fixes[${f}]`, out);
        (fix.artifactChanges as Json[]).forEach((change, c) => {
          missing(
            'artifactChange',
            change,
            `${rat}.fixes[${f}].artifactChanges[${c}]`,
            out,
          );
          (change.replacements as Json[]).forEach((rep, k) =>
            missing(
              'replacement',
              rep,
              `${rat}.fixes[${f}].artifactChanges[${c}].replacements[${k}]`,
              out,
            ),
          );
        });
      });
    });
  });
  return out;
}

describe('lockctx check --format sarif', () => {
  const run = runBin(['check', '--format', 'sarif', 'src'], project.dir);
  const log = JSON.parse(run.stdout) as Json;
  const sarifRun = (log.runs as Json[])[0]!;
  const results = sarifRun.results as Json[];

  it('exits 1 when there are results', () => {
    expect(run.status).toBe(1);
  });

  it('has every field the SARIF 2.1.0 schema requires', () => {
    expect(validate(log)).toEqual([]);
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
  });

  it('declares every check as a rule, and results point at their rule', () => {
    const rules = ((sarifRun.tool as Json).driver as Json).rules as Json[];
    expect(rules.map((r) => r.id)).toContain('lockctx/no-stale-lock-value');
    for (const result of results) {
      expect(rules[result.ruleIndex as number]!.id).toBe(result.ruleId);
    }
  });

  it('locates results relative to %SRCROOT%, with 1-based columns', () => {
    const uris = results.map(
      (r) =>
        (
          ((r.locations as Json[])[0]!.physicalLocation as Json)
            .artifactLocation as Json
        ).uri,
    );
    expect(new Set(uris)).toEqual(new Set(['src/stale.ts', 'src/await.ts']));
    const base = (sarifRun.originalUriBaseIds as Json)['%SRCROOT%'] as Json;
    expect(base.uri).toMatch(/^file:\/\/.*\/$/);
  });

  it.each([
    {
      ruleId: 'lockctx/no-stale-lock-value',
      path: ['acquire', 'value', 'release', 'acquire', 'danger'],
      why: 'taken, read, released, taken again, used',
    },
    {
      ruleId: 'lockctx/no-await-while-locked',
      path: ['acquire', 'danger'],
      why: 'taken, then the task awaits while it is held',
    },
  ])(
    'shows the lock path as a code flow for $ruleId ($why)',
    ({ ruleId, path }) => {
      const result = results.find((r) => r.ruleId === ruleId)!;
      expect(result).toBeDefined();
      const flow = ((result.codeFlows as Json[])[0]!.threadFlows as Json[])[0]!
        .locations as Json[];
      expect(flow.map((step) => (step.kinds as string[])[0])).toEqual(path);
      // It ends at the finding itself.
      expect(((flow.at(-1)!.location as Json).message as Json).text).toBe(
        (result.message as Json).text,
      );
      const lines = flow.map(
        (step) =>
          (((step.location as Json).physicalLocation as Json).region as Json)
            .startLine as number,
      );
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
      expect(flow.map((step) => step.executionOrder)).toEqual(
        flow.map((_, i) => i + 1),
      );
    },
  );

  it('reports an unparsable file as an error notification', () => {
    const notes = (sarifRun.invocations as Json[])[0]!
      .toolExecutionNotifications as Json[];
    expect(notes).toHaveLength(1);
    expect(notes[0]!.level).toBe('error');
    expect((notes[0]!.message as Json).text as string).toContain(
      'cannot parse',
    );
  });
});
