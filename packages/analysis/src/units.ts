import type { TSESTree } from '@typescript-eslint/types';
import { AST_NODE_TYPES as T } from '@typescript-eslint/types';
import type { FileContext } from './context.js';
import type { AnalysisUnit } from './types.js';

/** A unit with its syntax: what {@link summarizeUnit} and {@link checkUnit} take. */
export interface UnitInput extends AnalysisUnit {
  nodes: TSESTree.ProgramStatement[];
  file: FileContext;
  /** The unit is the module's top-level code (run in order, once). */
  module: boolean;
}

function declared(stmt: TSESTree.ProgramStatement): TSESTree.Node {
  if (
    (stmt.type === T.ExportNamedDeclaration || stmt.type === T.ExportDefaultDeclaration) &&
    stmt.declaration
  ) {
    return stmt.declaration;
  }
  return stmt;
}

function isFunctionInit(node: TSESTree.Node | null): boolean {
  return (
    node !== null &&
    (node.type === T.ArrowFunctionExpression ||
      node.type === T.FunctionExpression ||
      node.type === T.ClassExpression)
  );
}

/** The unit key of a top-level statement, or undefined for module code. */
function unitName(stmt: TSESTree.ProgramStatement): string | undefined {
  const d = declared(stmt);
  if (d.type === T.FunctionDeclaration || d.type === T.TSDeclareFunction) {
    return `function:${d.id?.name ?? 'default'}`;
  }
  if (d.type === T.ClassDeclaration) return `class:${d.id?.name ?? 'default'}`;
  if (
    d.type === T.VariableDeclaration &&
    d.declarations.length > 0 &&
    d.declarations.every((v) => v.id.type === T.Identifier && isFunctionInit(v.init))
  ) {
    return `function:${d.declarations.map((v) => (v.id as TSESTree.Identifier).name).join(',')}`;
  }
  if (
    d.type === T.FunctionExpression ||
    d.type === T.ArrowFunctionExpression ||
    d.type === T.ClassExpression
  ) {
    return 'function:default';
  }
  return undefined;
}

/**
 * Splits a program into units: each top-level function, class, or declaration
 * of functions is a unit of its own; all other top-level statements (imports
 * excepted) form the `<module>` unit, which runs in source order.
 */
export function splitUnits(program: TSESTree.Program, file: FileContext): UnitInput[] {
  const units: UnitInput[] = [];
  const used = new Map<string, number>();
  let moduleUnit: UnitInput | undefined;
  for (const stmt of program.body) {
    if (stmt.type === T.ImportDeclaration) continue;
    const name = unitName(stmt);
    if (name === undefined) {
      if (!moduleUnit) {
        moduleUnit = { key: '<module>', range: [stmt.range[0], stmt.range[1]], nodes: [], file, module: true };
        units.push(moduleUnit);
      }
      moduleUnit.nodes.push(stmt);
      moduleUnit.range[1] = stmt.range[1];
      continue;
    }
    const n = used.get(name) ?? 0;
    used.set(name, n + 1);
    units.push({
      key: n === 0 ? name : `${name}#${n + 1}`,
      range: [stmt.range[0], stmt.range[1]],
      nodes: [stmt],
      file,
      module: false,
    });
  }
  return units;
}
