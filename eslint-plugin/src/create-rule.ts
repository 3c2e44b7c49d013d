import { ESLintUtils } from '@typescript-eslint/utils';

/** The extra `meta.docs` fields of our rules. */
export interface LockctxRuleDocs {
  /** In `configs.recommended` (and therefore in every config). */
  recommended?: boolean;
  /** Needs type information (none of our rules does). */
  requiresTypeChecking?: boolean;
}

/** The address of a rule's documentation. */
export function ruleDocsUrl(name: string): string {
  return `https://github.com/lockctx/lockctx/blob/main/eslint-plugin/docs/rules/${name}.md`;
}

/** typescript-eslint's rule factory, with our documentation addresses. */
export const createRule = ESLintUtils.RuleCreator<LockctxRuleDocs>(ruleDocsUrl);
