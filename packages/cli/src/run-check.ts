import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Finding, LockScopeInfo } from '@lockctx/analysis';
import type { CliConfig } from './config.js';
import type { Core } from './core.js';

/** What the CLI learned about one file. */
export interface FileResult {
  /** Absolute path. */
  path: string;
  /** Path relative to the working directory, with `/` separators. */
  rel: string;
  text: string;
  findings: Finding[];
  /** The lock scopes of the file, for explaining findings. */
  scopes: LockScopeInfo[];
  /** The file could not be parsed (or read). */
  parseError?: string;
  /** The analysis failed on this file; a bug of the core, not of the file. */
  internalError?: string;
}

/** Called after each file, for progress reports. */
export type OnFile = (done: number, total: number, rel: string) => void;

/** Analyses every file, in order, never throwing on a file's content. */
export function checkFiles(
  files: readonly string[],
  core: Core,
  config: CliConfig,
  cwd: string,
  onFile?: OnFile,
): FileResult[] {
  const results: FileResult[] = [];
  for (const path of files) {
    const rel = relative(cwd, path).split(sep).join('/');
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      results.push({
        path,
        rel,
        text: '',
        findings: [],
        scopes: [],
        parseError: `cannot read the file: ${(error as Error).message}`,
      });
      onFile?.(results.length, files.length, rel);
      continue;
    }
    const result: FileResult = { path, rel, text, findings: [], scopes: [] };
    try {
      const analysis = core.analyzeSource(text, {
        filename: path,
        settings: config.settings,
      });
      result.findings = analysis.findings
        .filter((f) => !config.off.has(f.check))
        .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
      result.scopes = analysis.scopes;
      if (analysis.parseError !== undefined)
        result.parseError = analysis.parseError;
      const internal = (analysis as { internalError?: string }).internalError;
      if (internal !== undefined) result.internalError = internal;
    } catch (error) {
      result.internalError =
        error instanceof Error ? error.message : String(error);
    }
    results.push(result);
    onFile?.(results.length, files.length, rel);
  }
  return results;
}

/** Totals over all files. */
export interface Summary {
  files: number;
  findings: number;
  filesWithFindings: number;
  parseErrors: number;
  internalErrors: number;
}

export function summarize(results: readonly FileResult[]): Summary {
  return {
    files: results.length,
    findings: results.reduce((n, r) => n + r.findings.length, 0),
    filesWithFindings: results.filter((r) => r.findings.length > 0).length,
    parseErrors: results.filter((r) => r.parseError !== undefined).length,
    internalErrors: results.filter((r) => r.internalError !== undefined).length,
  };
}
