// Bundles the extension (VS Code's `vscode` module stays external) and the
// language server with everything it needs, so the .vsix runs offline with
// no node_modules of its own.
import * as esbuild from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
};

await esbuild.build({
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.cjs',
  external: ['vscode'],
});
await esbuild.build({
  ...common,
  entryPoints: ['../server/src/main.ts'],
  outfile: 'dist/server.cjs',
});
