/**
 * Findings of the core as LSP diagnostics: `source: "lockctx"`, `code` = the
 * rule id with a link to its documentation, related locations, the
 * `Unnecessary` tag where the core says the code is dead or redundant, and a
 * `data` key that lets code actions find the finding again without
 * re-running the analysis.
 */
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver';

import type { Finding } from '@lockctx/analysis';

import { spanToRange, type LineIndex } from './convert.js';
import { NO_DIRECTIVES, type Directives } from './directives.js';
import { severityOf, type RuleSeverity, type ServerSettings } from './settings.js';

/** The `source` of every diagnostic this server publishes. */
export const SOURCE = 'lockctx';

/** Where the documentation of rule `id` lives. */
export function ruleDocUrl(id: string): string {
  return `https://github.com/lockctx/lockctx/blob/main/eslint-plugin/docs/rules/${id}.md`;
}

/** What a client told us it can render. */
export interface DiagnosticClientSupport {
  relatedInformation: boolean;
  unnecessaryTag: boolean;
  codeDescription: boolean;
}

/** Stored in `Diagnostic.data` to find the finding again. */
export interface DiagnosticData {
  check: string;
  messageId: string;
  /** The finding's offsets in the analysed text. */
  range: [number, number];
  /** The document version the finding belongs to. */
  version: number;
}

const LSP_SEVERITY: Record<Exclude<RuleSeverity, 'off'>, DiagnosticSeverity> =
  {
    error: DiagnosticSeverity.Error,
    warn: DiagnosticSeverity.Warning,
    info: DiagnosticSeverity.Information,
    hint: DiagnosticSeverity.Hint,
  };

/**
 * The findings the user asked to see: rules not switched off, lines not
 * disabled by a comment. Shared by diagnostics and code actions so both see
 * the same list.
 */
export function visibleFindings(
  findings: readonly Finding[],
  settings: ServerSettings,
  directives: Directives,
  doc: LineIndex,
): Finding[] {
  return findings.filter(
    (f) =>
      severityOf(settings, f.check) !== 'off' &&
      (directives === NO_DIRECTIVES ||
        !directives.isDisabled(f.check, doc.positionAt(f.range[0]).line)),
  );
}

/**
 * Diagnostics of findings, reusing the diagnostic made for the same finding
 * object by an earlier version. The incremental analysis keeps the finding
 * objects of every unit it neither re-checked nor moved: their offsets, and
 * so their positions, are unchanged, and converting only the new ones makes
 * an edit cost what it changed. A reused diagnostic keeps the version of its
 * `data`; code actions then match it by position, which is still right.
 */
export class DiagnosticCache {
  #made = new WeakMap<Finding, { diagnostic: Diagnostic; settings: ServerSettings; support: DiagnosticClientSupport }>();

  /** The diagnostics of `findings`, in order. */
  diagnostics(
    findings: readonly Finding[],
    uri: string,
    version: number,
    doc: LineIndex,
    settings: ServerSettings,
    support: DiagnosticClientSupport,
  ): Diagnostic[] {
    return findings.map((f) => {
      const hit = this.#made.get(f);
      if (hit !== undefined && hit.settings === settings && hit.support === support) return hit.diagnostic;
      const diagnostic = toDiagnostic(f, uri, version, doc, settings, support);
      this.#made.set(f, { diagnostic, settings, support });
      return diagnostic;
    });
  }
}

/** Two lists of the same diagnostic objects, in the same order. */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One finding as a diagnostic of document `uri` at `version`. */
export function toDiagnostic(
  finding: Finding,
  uri: string,
  version: number,
  doc: LineIndex,
  settings: ServerSettings,
  support: DiagnosticClientSupport,
): Diagnostic {
  const severity = severityOf(settings, finding.check);
  const data: DiagnosticData = {
    check: finding.check,
    messageId: finding.messageId,
    range: finding.range,
    version,
  };
  const diagnostic: Diagnostic = {
    range: spanToRange(doc, finding),
    severity: LSP_SEVERITY[severity === 'off' ? 'warn' : severity],
    source: SOURCE,
    code: finding.check,
    message: finding.message,
    data,
  };
  if (support.codeDescription) {
    diagnostic.codeDescription = { href: ruleDocUrl(finding.check) };
  }
  if (support.relatedInformation && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map(
      (r): DiagnosticRelatedInformation => ({
        location: { uri, range: spanToRange(doc, r) },
        message: r.message,
      }),
    );
  }
  if (support.unnecessaryTag && finding.unnecessary === true) {
    diagnostic.tags = [DiagnosticTag.Unnecessary];
  }
  return diagnostic;
}

/** Reads back the key stored by {@link toDiagnostic}, if it is ours. */
export function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data: unknown = diagnostic.data;
  if (diagnostic.source !== SOURCE || typeof data !== 'object' || data === null) {
    return undefined;
  }
  const d = data as Partial<DiagnosticData>;
  if (
    typeof d.check !== 'string' ||
    typeof d.messageId !== 'string' ||
    !Array.isArray(d.range) ||
    typeof d.range[0] !== 'number' ||
    typeof d.range[1] !== 'number' ||
    typeof d.version !== 'number'
  ) {
    return undefined;
  }
  return d as DiagnosticData;
}
