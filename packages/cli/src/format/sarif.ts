import { pathToFileURL } from 'node:url';
import type {
  CheckId,
  CheckInfo,
  Finding,
  RelatedLocation,
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
      sarifResults.push(result(file.rel, f, ruleIndex.get(f.check)));
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

/** SARIF's threadFlowLocation kinds for a related location's role. */
function kinds(related: RelatedLocation): string[] {
  const m = related.message.toLowerCase();
  if (/\b(taken|acquired|locked)\b/.test(m)) return ['acquire', 'lock'];
  if (/\b(released|unlock|ends|ended)\b/.test(m)) return ['release', 'lock'];
  if (/\bawait/.test(m)) return ['exit', 'scope'];
  if (/\bread\b/.test(m)) return ['value', 'lock'];
  return ['lock'];
}

function result(rel: string, f: Finding, index: number | undefined) {
  const steps = [...f.related].sort((a, b) => a.range[0] - b.range[0]);
  const flow = [
    ...steps.map((r) => ({
      location: location(rel, r, r.message),
      kinds: kinds(r),
    })),
    { location: location(rel, f, f.message), kinds: ['danger'] },
  ].map((step, i) => ({ ...step, nestingLevel: 0, executionOrder: i + 1 }));
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
