import { CHECKS } from '@lockctx/analysis';
import type { CheckId, Finding } from '@lockctx/analysis';
import type { JSONSchema, TSESLint } from '@typescript-eslint/utils';

import { findingsListener } from './adapter.js';
import { createRule } from './create-rule.js';

/** Schema of `ignoreLocks`, for the rules whose findings name a lock. */
export const IGNORE_LOCKS: JSONSchema.JSONSchema4 = {
  type: 'array',
  items: { type: 'string', minLength: 1 },
  uniqueItems: true,
  description:
    'Locks, as written in the source (`xa`, `this.pages`), whose findings this rule does not report.',
};

/** Schema of `onSomePaths`, for the rules that tell "every" from "some" paths. */
export const ON_SOME_PATHS: JSONSchema.JSONSchema4 = {
  type: 'boolean',
  description:
    'Also report what happens on some paths only (the message says so), not just on every path. `configs.recommended` turns it off; `configs.strict` keeps it.',
};

/** Whether `finding` names one of `locks` (its `lock` data). */
export function isIgnoredLock(
  finding: Finding,
  locks: readonly string[],
): boolean {
  const lock = finding.data['lock'];
  return lock !== undefined && locks.includes(lock);
}

/**
 * Whether `finding` holds on some paths only. The catalogue names those
 * messages `<messageId>OnSomePaths`, next to the every-path `<messageId>`.
 */
export function isSomePaths(finding: Finding): boolean {
  return finding.messageId.endsWith('OnSomePaths');
}

/** How one rule differs from the plain adapter. */
export interface CheckRuleSpec<Options extends object> {
  check: CheckId;
  /** JSON schema of the rule's options (one object). */
  properties: Record<string, JSONSchema.JSONSchema4>;
  /** Every option with its default value. */
  defaults: Required<Options>;
  /** Whether the options let `finding` through. */
  keep: (finding: Finding, options: Required<Options>) => boolean;
}

/**
 * A rule that reports the findings of one check of the analysis catalogue:
 * its description, messages and fix/suggestion capabilities come from
 * `CHECKS`, so rules, docs and the language server say the same thing.
 */
export function createCheckRule<Options extends object>(
  spec: CheckRuleSpec<Options>,
): TSESLint.RuleModule<string, [Options]> & { name: string } {
  const info = CHECKS[spec.check];
  return createRule<[Options], string>({
    name: spec.check,
    meta: {
      type: 'problem',
      docs: {
        description: info.description,
        recommended: info.recommended,
      },
      messages: info.messages,
      ...(info.fixable ? { fixable: 'code' as const } : {}),
      ...(info.hasSuggestions ? { hasSuggestions: true } : {}),
      schema: [
        {
          type: 'object',
          properties: spec.properties,
          additionalProperties: false,
        },
      ],
      defaultOptions: [spec.defaults],
    },
    create(context, [options]) {
      const resolved = { ...spec.defaults, ...options } as Required<Options>;
      return findingsListener(context, spec.check, (finding) =>
        spec.keep(finding, resolved),
      );
    },
  });
}
