import { pathToFileURL } from 'node:url';
import type {
  CheckId,
  CheckInfo,
  Finding,
  LockScopeInfo,
  Span,
} from '@lockctx/analysis';
import type { FileResult } from '../run-check.js';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/**
 * SARIF 2.1.0 for code-scanning uploads. Each result has its related
 * locations and a code flow that walks the lock's path in source order:
 * where the lock was taken, where it was released or the task awaited,
 * and the use that the finding is about.
 */
export function formatSarif(
  results: readonly FileResult[],
  checks: Readonly<Record<CheckId, CheckInfo>>,
  checkIds: readonly CheckId[],
  version: string,
  cwd: string,
): string {
  const ruleIndex = new Map(checkIds.map((id, i) => [id, i]));
  const sarifResults: unknown[] = [];
  const notifications: unknown[] = [];
  for (const file of results) {
    for (const f of file.findings) {
      sarifResults.push(
        result(file.rel, f, ruleIndex.get(f.check), file.scopes),
      );
    }
    for (const [message, level] of [
      [file.parseError, 'error'],
      [file.internalError, 'warning'],
    ] as const) {
      if (message === undefined) continue;
      notifications.push({
        level,
        message: {
          text:
            level === 'error'
              ? `cannot parse: ${message}`
              : `the analysis failed on this file: ${message}`,
        },
        locations: [
          { physicalLocation: { artifactLocation: artifact(file.rel) } },
        ],
      });
    }
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lockctx',
            version,
            semanticVersion: version,
            informationUri: 'https://www.npmjs.com/package/@lockctx/cli',
            rules: checkIds.map((id) => ({
              id: `lockctx/${id}`,
              name: id,
              shortDescription: { text: checks[id].description },
              fullDescription: { text: checks[id].description },
              defaultConfiguration: { level: 'error' },
              properties: { recommended: checks[id].recommended },
            })),
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': {
            uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}`,
          },
        },
        artifacts: results.map((r) => ({ location: artifact(r.rel) })),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: notifications,
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function artifact(rel: string) {
  return {
    uri: rel.split('/').map(encodeURIComponent).join('/'),
    uriBaseId: '%SRCROOT%',
  };
}

function region(span: Span) {
  return {
    startLine: span.loc.start.line,
    startColumn: span.loc.start.column + 1,
    endLine: span.loc.end.line,
    endColumn: span.loc.end.column + 1,
    charOffset: span.range[0],
    charLength: span.range[1] - span.range[0],
  };
}

function location(rel: string, span: Span, message?: string) {
  return {
    physicalLocation: { artifactLocation: artifact(rel), region: region(span) },
    ...(message === undefined ? {} : { message: { text: message } }),
  };
}

/** SARIF's threadFlowLocation kinds for a location's role, from its message. */
function kinds(message: string): string[] {
  const m = message.toLowerCase();
  if (/\b(taken|acquired|locked)\b/.test(m)) return ['acquire', 'lock'];
  if (/\b(released|unlock|ends|ended)\b/.test(m)) return ['release', 'lock'];
  if (/\bawait/.test(m)) return ['exit', 'scope'];
  if (/\bread\b/.test(m)) return ['value', 'lock'];
  return ['lock'];
}

interface FlowStep {
  span: Span;
  message: string;
  kinds: string[];
}

/**
 * The lock's path to a finding, in source order: the related locations the
 * core gives, plus, for every lock scope that holds one of them or the
 * finding, where that scope takes the lock and where it lets it go before
 * the finding. The finding itself comes last.
 */
export function lockPath(
  f: Finding,
  scopes: readonly LockScopeInfo[],
): FlowStep[] {
  const steps = new Map<string, FlowStep>();
  const add = (step: FlowStep) => {
    const key = `${step.span.range[0]}:${step.span.range[1]}`;
    if (!steps.has(key)) steps.set(key, step);
  };
  for (const r of f.related)
    add({ span: r, message: r.message, kinds: kinds(r.message) });
  const anchors: Span[] = [f, ...f.related];
  for (const scope of scopes) {
    const ends = [
      ...scope.releases,
      ...(scope.implicitEnd ? [scope.implicitEnd] : []),
    ];
    const start = scope.acquired.range[0];
    const end =
      ends.length > 0 ? Math.max(...ends.map((e) => e.range[1])) : Infinity;
    if (!anchors.some((a) => a.range[0] >= start && a.range[0] <= end))
      continue;
    add({
      span: scope.acquired,
      message: `The lock on \`${scope.lock}\` is taken here.`,
      kinds: ['acquire', 'lock'],
    });
    for (const e of ends) {
      if (e.range[0] >= f.range[0]) continue;
      add({
        span: e,
        message: `The lock on \`${scope.lock}\` is released here.`,
        kinds: ['release', 'lock'],
      });
    }
  }
  const ordered = [...steps.values()].sort(
    (a, b) => a.span.range[0] - b.span.range[0],
  );
  return [...ordered, { span: f, message: f.message, kinds: ['danger'] }];
}

function result(
  rel: string,
  f: Finding,
  index: number | undefined,
  scopes: readonly LockScopeInfo[],
) {
  const flow = lockPath(f, scopes).map((step, i) => ({
    location: location(rel, step.span, step.message),
    kinds: step.kinds,
    nestingLevel: 0,
    executionOrder: i + 1,
  }));
  return {
    ruleId: `lockctx/${f.check}`,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: 'error',
    message: { text: f.message },
    locations: [location(rel, f)],
    relatedLocations: f.related.map((r, i) => ({
      id: i + 1,
      ...location(rel, r, r.message),
    })),
    codeFlows: [
      {
        message: { text: 'the lock on this path' },
        threadFlows: [{ locations: flow }],
      },
    ],
    ...(f.fix === undefined ? {} : { fixes: [fix(rel, f.message, f.fix)] }),
  };
}

function fix(
  rel: string,
  message: string,
  edits: { range: [number, number]; text: string }[],
) {
  return {
    description: { text: `Fix: ${message}` },
    artifactChanges: [
      {
        artifactLocation: artifact(rel),
        replacements: edits.map((e) => ({
          deletedRegion: {
            charOffset: e.range[0],
            charLength: e.range[1] - e.range[0],
          },
          insertedContent: { text: e.text },
        })),
      },
    ],
  };
}
