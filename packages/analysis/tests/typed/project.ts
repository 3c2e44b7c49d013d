/**
 * Typed test projects: case files written to a fresh directory beside a
 * `node_modules` link to the workspace's (so `@lockctx/xarray` and
 * `async-mutex` resolve to their real declarations), one TypeScript program
 * over all of them, and per file the ESTree with its node map, as
 * typescript-eslint's parser services give them.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TSESTree } from '@typescript-eslint/types';
import { parseAndGenerateServices } from '@typescript-eslint/typescript-estree';
import ts from 'typescript';
import type { TypeOracle } from '../../src/index.js';
import { oracleFromProgram } from '../../src/index.js';

const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

/** A directory of case projects and the program over them. */
export interface TypedProject {
  root: string;
  program: ts.Program;
  /** The ESTree of a file of the program, with the oracle for it. */
  parse(path: string, text: string): { ast: TSESTree.Program; types: TypeOracle };
  dispose(): void;
}

/**
 * Writes `projects` (each: relative path → text) under one temporary root,
 * in directories `p0`, `p1`…, and builds one program over every file.
 */
export function typedProject(projects: readonly Record<string, string>[]): TypedProject {
  const root = mkdtempSync(join(tmpdir(), 'lockctx-typed-'));
  symlinkSync(join(WORKSPACE, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  const names: string[] = [];
  projects.forEach((files, n) => {
    for (const [rel, text] of Object.entries(files)) {
      const path = join(root, `p${n}`, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      names.push(path);
    }
  });
  const program = ts.createProgram(names, COMPILER_OPTIONS);
  return {
    root,
    program,
    parse(path, text) {
      const { ast, services } = parseAndGenerateServices(text, {
        filePath: path,
        programs: [program],
        range: true,
        loc: true,
        comment: true,
        preserveNodeMaps: true,
      });
      return { ast, types: oracleFromProgram(program, services.esTreeNodeToTSNodeMap) };
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
