/**
 * Each preset against the library's declarations: the TypeScript checker
 * resolves the preset's package export (or global) with the fixtures'
 * compiler options, makes the lock object's type as the preset says (`new`,
 * call, the module itself) and checks that every member the preset names
 * exists with the preset's shape: acquisitions are callable and return a
 * promise exactly when `async`, yielded releasers are functions, guards have
 * their release methods, release, assertion and waiting members exist. This
 * also covers Web Locks, which cannot run on Node.js 20, through lib.dom.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { Acquisition, LockSpec, PackageSource } from './lockspec.js';
import { PRESETS } from './lockspec.js';

const ROOT = join(import.meta.dirname, '..');
const VIRTUAL = join(ROOT, 'src', '__preset-types.ts');

/** Declared gaps between a library's types and its runtime, with the reason. */
const TYPE_GAPS: Record<string, string> = {
  // The getter exists at run time (runtime.test.ts checks it).
  'mutexify/promise asserts locked':
    "@types/mutexify 1.2.4's promise.d.ts does not declare the locked getter",
};

const presets = PRESETS.filter((p) => !p.id.startsWith('shape:'));

/** The TypeScript spelling of the package source that resolves under NodeNext. */
function packageSource(spec: LockSpec): PackageSource | undefined {
  const all = spec.sources.filter(
    (s): s is PackageSource => s.from === 'package',
  );
  return all.find((s) => s.package.endsWith('.js')) ?? all[0];
}

/** The virtual module: one `L<i>` per preset, typed as its lock object. */
function virtualSource(): string {
  const lines: string[] = [];
  presets.forEach((spec, i) => {
    const global = spec.sources.find((s) => s.from === 'global');
    if (global !== undefined && global.from === 'global') {
      lines.push(
        `export declare const L${i}: typeof ${global.path.join('.')};`,
      );
      return;
    }
    const source = packageSource(spec)!;
    const binding =
      source.export === '*'
        ? `* as X${i}`
        : source.export === 'default'
          ? `X${i}`
          : `{ ${source.export} as X${i} }`;
    lines.push(`import ${binding} from '${source.package}';`);
    const type =
      source.create === 'new'
        ? `InstanceType<typeof X${i}>`
        : source.create === 'call'
          ? `ReturnType<typeof X${i}>`
          : `typeof X${i}`;
    lines.push(`export declare const L${i}: ${type};`);
    for (const w of spec.wrappers ?? []) {
      lines.push(
        `export { ${w.export} as W${i}_${w.export} } from '${source.package}';`,
      );
    }
  });
  return lines.join('\n') + '\n';
}

function program(): {
  checker: ts.TypeChecker;
  file: ts.SourceFile;
  diagnostics: readonly ts.Diagnostic[];
} {
  const configPath = join(ROOT, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const options = {
    ...config.options,
    noEmit: true,
    composite: false,
    incremental: false,
  };
  const text = virtualSource();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === VIRTUAL
      ? ts.createSourceFile(name, text, version)
      : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === VIRTUAL || fileExists(name);
  // The fixtures' own declarations for packages that ship none.
  const declarations = config.fileNames.filter((f) => f.endsWith('.d.ts'));
  const p = ts.createProgram([VIRTUAL, ...declarations], options, host);
  return {
    checker: p.getTypeChecker(),
    file: p.getSourceFile(VIRTUAL)!,
    diagnostics: ts.getPreEmitDiagnostics(p),
  };
}

const { checker, file, diagnostics } = program();

function exported(name: string): ts.Type {
  const moduleSymbol = checker.getSymbolAtLocation(file)!;
  const symbol = checker
    .getExportsOfModule(moduleSymbol)
    .find((s) => s.name === name);
  if (symbol === undefined) throw new Error(`no export ${name}`);
  return checker.getTypeOfSymbolAtLocation(symbol, file);
}

function memberType(type: ts.Type, name: string): ts.Type | undefined {
  const symbol = checker.getPropertyOfType(checker.getApparentType(type), name);
  return symbol === undefined
    ? undefined
    : checker.getTypeOfSymbolAtLocation(symbol, file);
}

function callSignatures(type: ts.Type): readonly ts.Signature[] {
  return checker.getSignaturesOfType(
    checker.getNonNullableType(type),
    ts.SignatureKind.Call,
  );
}

/** The awaited type of a promise type, or undefined when it is not one. */
function awaited(type: ts.Type): ts.Type | undefined {
  const then = memberType(type, 'then');
  if (then === undefined) return undefined;
  return checker.getAwaitedType(type);
}

function receiver(lock: ts.Type, via: readonly string[] | undefined): ts.Type {
  let t = lock;
  for (const step of via ?? []) {
    const next = memberType(t, step);
    expect(next, `property ${step}`).toBeDefined();
    t = next!;
  }
  return t;
}

/** The acquisition's call signatures on the lock type. */
function signaturesOf(lock: ts.Type, a: Acquisition): readonly ts.Signature[] {
  const target = receiver(lock, a.via);
  const fn = a.method === null ? target : memberType(target, a.method);
  expect(fn, `member ${a.method}`).toBeDefined();
  const signatures = callSignatures(fn!);
  expect(
    signatures.length,
    `${a.method ?? 'the lock'} is callable`,
  ).toBeGreaterThan(0);
  return signatures;
}

it('the virtual module type-checks (every preset export resolves)', () => {
  expect(
    diagnostics.map((d) =>
      ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    ),
  ).toEqual([]);
});

describe.each(presets.map((p, i) => [p.id, p, i] as const))(
  '%s',
  (id, spec, i) => {
    const lock = exported(`L${i}`);

    it.each(
      spec.acquire.map((a, k) => [`${a.method ?? '(call)'} #${k}`, a] as const),
    )('acquisition %s is declared with the preset shape', (_name, a) => {
      const signatures = signaturesOf(lock, a);
      const returns = signatures.map((s) =>
        checker.getReturnTypeOfSignature(s),
      );
      if (a.form === 'call' || a.form === 'callback') {
        const promise = returns.some(
          (r) =>
            awaited(r) !== undefined && memberType(r, 'then') !== undefined,
        );
        if (a.async !== 'either')
          expect(promise, 'returns a promise').toBe(a.async);
      }
      if (a.form === 'call') {
        const value =
          a.async === true ? checker.getAwaitedType(returns[0]!)! : returns[0]!;
        const y = a.yields;
        if (y.kind === 'releaser')
          expect(callSignatures(value).length).toBeGreaterThan(0);
        if (y.kind === 'tuple') {
          const element = memberType(value, String(y.releaser));
          expect(element && callSignatures(element).length).toBeGreaterThan(0);
        }
        if (y.kind === 'guard') {
          for (const m of y.release) {
            const member = memberType(value, m);
            expect(
              member && callSignatures(member).length,
              `guard.${m}`,
            ).toBeGreaterThan(0);
          }
        }
      }
      if (a.form === 'callback' || a.form === 'continuation') {
        const index = a.callback === 'last' ? undefined : a.callback;
        const takesCallback = signatures.some((s) => {
          const params = s.getParameters();
          const p =
            index === undefined ? params[params.length - 1] : params[index];
          return (
            p !== undefined &&
            callSignatures(checker.getTypeOfSymbolAtLocation(p, file)).length >
              0
          );
        });
        expect(takesCallback, 'takes a function at the callback position').toBe(
          true,
        );
      }
    });

    const members: [string, string, readonly string[] | undefined, boolean][] =
      [
        ...(spec.release ?? []).flatMap((r) =>
          r.by === 'lockable'
            ? [
                ['release', r.method, r.via, true] as [
                  string,
                  string,
                  readonly string[] | undefined,
                  boolean,
                ],
              ]
            : [],
        ),
        ...(spec.asserts ?? []).map(
          (a) =>
            ['asserts', a.member, a.via, a.call] as [
              string,
              string,
              readonly string[] | undefined,
              boolean,
            ],
        ),
        ...(spec.waitsForRelease ?? []).map(
          (m) =>
            ['waitsForRelease', m, undefined, true] as [
              string,
              string,
              readonly string[] | undefined,
              boolean,
            ],
        ),
        ...(spec.lease?.extendLockable ?? []).map(
          (m) =>
            ['extendLockable', m, undefined, true] as [
              string,
              string,
              readonly string[] | undefined,
              boolean,
            ],
        ),
      ];
    if (members.length > 0) {
      it.each(members)('%s member %s is declared', (kind, name, via, call) => {
        const gap = TYPE_GAPS[`${id} ${kind} ${name}`];
        const type = memberType(receiver(lock, via), name);
        if (gap !== undefined) {
          // A known gap must stay a gap, or be removed from TYPE_GAPS.
          expect(type, gap).toBeUndefined();
          return;
        }
        expect(type, `${name}`).toBeDefined();
        if (call) expect(callSignatures(type!).length).toBeGreaterThan(0);
      });
    }

    if ((spec.wrappers ?? []).length > 0) {
      it.each((spec.wrappers ?? []).map((w) => [w.export, w] as const))(
        'wrapper %s is a declared function taking the lock',
        (name, w) => {
          const signatures = callSignatures(exported(`W${i}_${name}`));
          expect(
            signatures.some((s) => {
              const p = s.getParameters()[w.lockArg];
              return (
                p !== undefined &&
                checker.isTypeAssignableTo(
                  lock,
                  checker.getTypeOfSymbolAtLocation(p, file),
                )
              );
            }),
          ).toBe(true);
        },
      );
    }
  },
);
