/**
 * Per-document analysis state. Each document keeps one analyzer; every call
 * to {@link IncrementalAnalyzer.analyze} gives the analysis of the new text,
 * reusing what did not change since the previous call.
 */
import { analyzeSource } from '@lockctx/analysis';
import type { FileAnalysis, LockctxSettings } from '@lockctx/analysis';

/** What the last analysis did, for logs and the benchmark. */
export interface AnalyzeStats {
  /** `full` (whole text parsed and analysed) or `incremental`. */
  mode: 'full' | 'incremental';
  /** Units whose results were recomputed. */
  unitsAnalysed: number;
  /** All units of the document. */
  unitsTotal: number;
}

/** The analysis state of one document. */
export class IncrementalAnalyzer {
  readonly filename: string;
  readonly settings: LockctxSettings;
  #last?: { text: string; analysis: FileAnalysis };
  lastStats: AnalyzeStats = { mode: 'full', unitsAnalysed: 0, unitsTotal: 0 };

  constructor(filename: string, settings: LockctxSettings) {
    this.filename = filename;
    this.settings = settings;
  }

  /** The analysis of `text`; never throws (failures come back in the result). */
  analyze(text: string): FileAnalysis {
    if (this.#last?.text === text) return this.#last.analysis;
    const analysis = analyzeSource(text, {
      filename: this.filename,
      settings: this.settings,
    });
    this.#last = { text, analysis };
    this.lastStats = { mode: 'full', unitsAnalysed: 1, unitsTotal: 1 };
    return analysis;
  }
}

/** The analysis of a document the core could not handle at all. */
export function emptyAnalysis(filename: string, internalError?: string): FileAnalysis {
  return {
    filename,
    findings: [],
    scopes: [],
    functions: [],
    guardArguments: [],
    lockStateAt: () => [],
    ...(internalError !== undefined ? { internalError } : {}),
  };
}
