import type { CheckInfo, FunctionRequirement, RelatedLocation } from '../types.js';
import type { Reporter, SuggestionDraft } from '../flow/report.js';

/** A function that needs a live guard called with something else. */
export const info: CheckInfo = {
  id: 'require-guard',
  description:
    'Require a live guard where a function needs one (declared by a Guard parameter type, or inferred from how the function uses the parameter).',
  recommended: true,
  messages: {
    notAGuard:
      '`{{callee}}` needs a live guard for `{{param}}` ({{evidence}}), but `{{arg}}` is {{what}}.',
    missingGuard:
      '`{{callee}}` needs a live guard for `{{param}}` ({{evidence}}), but no argument is given.',
    lockNotHeld:
      '`{{callee}}` needs `{{lock}}` held ({{evidence}}), but it is not held here.',
    lockNotHeldOnSomePaths:
      '`{{callee}}` needs `{{lock}}` held ({{evidence}}), but it is not held on some paths here.',
    wrapInScope: 'Call it inside `{{lock}}.{{method}}(…)`.',
    addRequires:
      'Add `@lockctx-requires {{lock}}` to `{{fn}}`, so that its callers hold `{{lock}}`.',
  },
  fixable: false,
  hasSuggestions: true,
};

export function evidenceWords(req: FunctionRequirement, line: number): string {
  return `${req.evidence.message} at line ${line}`;
}

export function reportRequireGuard(
  rep: Reporter,
  callee: string,
  req: FunctionRequirement,
  arg: { text: string; what: string } | undefined,
  start: number,
  end: number,
  suggestions?: SuggestionDraft[],
): void {
  const evidence = evidenceWords(req, req.evidence.loc.start.line);
  const data: Record<string, string> = { callee, param: req.paramName, evidence };
  if (arg) {
    data.arg = arg.text;
    data.what = arg.what;
  }
  rep.add(info, arg ? 'notAGuard' : 'missingGuard', data, start, end, {
    related: [{ ...req.evidence }],
    ...(suggestions ? { suggestions } : {}),
  });
}

/**
 * A call of a function that needs a lock held (`@lockctx-requires L`) where
 * the lock is not held (`some`: held on some paths only).
 */
export function reportLockNotHeld(
  rep: Reporter,
  callee: string,
  lock: string,
  evidence: RelatedLocation,
  some: boolean,
  start: number,
  end: number,
  suggestions?: SuggestionDraft[],
): void {
  const data = { callee, lock, evidence: `${evidence.message} at line ${evidence.loc.start.line}` };
  rep.add(info, some ? 'lockNotHeldOnSomePaths' : 'lockNotHeld', data, start, end, {
    related: [{ ...evidence }],
    ...(suggestions ? { suggestions } : {}),
  });
}
