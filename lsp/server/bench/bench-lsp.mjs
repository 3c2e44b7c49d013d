// `npm run bench:lsp -- [--json FILE] [--edits N]`
//
// Drives the built language server over stdio as an editor would and prints:
// didChange → diagnostics latency on a generated 5,000-line file (p50/p95
// over N one-character edits; pull mode, as VS Code asks: the time from
// `didChange` to the answer of `textDocument/diagnostic`, `full` or
// `unchanged`), hover latency, the time to index a
// workspace of 1,000 generated files, and, in the same run on the same file,
// ESLint's Linter with our recommended config (what a whole-file re-lint per
// keystroke would cost). Figures only: nothing here passes or fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

import { largeFile, writeWorkspace } from './generate.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const EDITS = Number(option('--edits', '60'));
const FILES = Number(option('--files', '1000'));
const JSON_OUT = option('--json', undefined);
const SERVER = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Starts the server; resolves once `initialized` was sent. */
async function startServer(folders = [], onLog = () => {}, pull = false) {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = new Map();
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const w = waiters.get(`${p.uri}@${p.version}`);
    if (w) {
      waiters.delete(`${p.uri}@${p.version}`);
      w(p);
    }
  });
  conn.onNotification('window/logMessage', (p) => onLog(p.message));
  conn.onNotification('$/progress', () => {});
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folders[0] ? pathToFileURL(folders[0]).href : null,
    workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).href, name: 'bench' })),
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      workspace: { configuration: true },
      window: { workDoneProgress: true },
    },
    initializationOptions: { indexWorkspace: folders.length > 0, diagnosticMode: pull ? 'pull' : 'push' },
  });
  await conn.sendNotification('initialized', {});
  // push: the next publication of `version`; pull: the answer to a pull
  // request sent now (with the last result id, as a client does)
  const resultIds = new Map();
  const diagnostics = pull
    ? async (uri) => {
        const report = await conn.sendRequest('textDocument/diagnostic', {
          textDocument: { uri },
          previousResultId: resultIds.get(uri),
        });
        if (report.resultId !== undefined) resultIds.set(uri, report.resultId);
        if (report.kind === 'full') diagnostics.last = report.items;
        return { diagnostics: diagnostics.last ?? [], kind: report.kind };
      }
    : (uri, version) => new Promise((resolve) => waiters.set(`${uri}@${version}`, resolve));
  const stop = async () => {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    await new Promise((resolve) => child.once('exit', resolve));
    conn.dispose();
  };
  return { conn, diagnostics, stop };
}

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (x) => `${x.toFixed(1)} ms`;

const os = await import('node:os');
const results = { machine: { node: process.version, cpus: os.cpus().length, loadavg: os.loadavg() } };
const text = largeFile(5000);
const lineCount = text.split('\n').length - 1;
const work = mkdtempSync(join(tmpdir(), 'lockctx-bench-'));
const bigPath = join(work, 'big.ts');
writeFileSync(bigPath, text);
const uri = pathToFileURL(bigPath).href;

// 1. edits on the large file
{
  const server = await startServer([], () => {}, true);
  let t0 = performance.now();
  await server.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'typescript', version: 1, text },
  });
  const first = await server.diagnostics(uri, 1);
  results.open = { ms: performance.now() - t0, diagnostics: first.diagnostics.length };
  // one-character edits spread over the file: change the digit in `k + N`
  // of the setMark line of a function, as typing would
  const lines = text.split('\n');
  const targets = [];
  lines.forEach((line, i) => {
    if (line.includes('g.setMark(k + ')) targets.push(i);
  });
  let version = 1;
  // The new first digit is never 0: `k + 03` is a legacy octal literal, a
  // syntax error in a module, and would measure a broken file (below).
  const edit = async (e, digit) => {
    const line = targets[(e * 37) % targets.length];
    const character = lines[line].indexOf('k + ') + 4;
    version++;
    const t = performance.now();
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: digit }],
    });
    const report = await server.diagnostics(uri, version);
    kinds[report.kind] = (kinds[report.kind] ?? 0) + 1;
    return performance.now() - t;
  };
  const samples = [];
  const kinds = {};
  for (let e = 0; e < EDITS; e++) samples.push(await edit(e, String(1 + (e % 9))));
  results.didChange = { edits: EDITS, p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), reports: { ...kinds } };
  // typing while the file has a syntax error elsewhere (`k + 0` then a digit
  // gives `k + 013`): every edit needs a whole-file parse to learn whether
  // the file parses again; the last edit repairs it
  {
    const broken = targets.find((t) => /k \+ \d, /.test(lines[t]) && lines[t].includes('k + 1,')) ?? targets[1];
    const character = lines[broken].indexOf('k + ') + 4;
    version++;
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: broken, character }, end: { line: broken, character } }, text: '0' }],
    });
    await server.diagnostics(uri, version);
    const errorSamples = [];
    for (let e = 0; e < 10; e++) errorSamples.push(await edit(e + 1, String(1 + (e % 9))));
    version++;
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: broken, character }, end: { line: broken, character: character + 1 } }, text: '' }],
    });
    await server.diagnostics(uri, version);
    results.didChangeBroken = { edits: errorSamples.length, p50: percentile(errorSamples, 50), p95: percentile(errorSamples, 95) };
  }
  // hovers inside lock scopes
  const hovers = [];
  for (let h = 0; h < 50; h++) {
    const line = targets[(h * 53) % targets.length] - 1; // the getOrder line
    t0 = performance.now();
    await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 20 } });
    hovers.push(performance.now() - t0);
  }
  results.hover = { requests: hovers.length, p50: percentile(hovers, 50), p95: percentile(hovers, 95) };
  await server.stop();
}

// 2. indexing a workspace of generated files
{
  const root = join(work, 'ws');
  writeWorkspace(root, FILES);
  let resolveIndexed;
  const indexed = new Promise((resolve) => (resolveIndexed = resolve));
  const t0 = performance.now();
  const server = await startServer([root], (message) => {
    if (message.startsWith('indexed ')) resolveIndexed(message);
  });
  const line = await indexed;
  results.index = { files: FILES, ms: performance.now() - t0, log: line };
  await server.stop();
}

// 3. ESLint with our rules on the same large file, same run
{
  const { Linter } = await import('eslint');
  const plugin = (await import('@lockctx/eslint-plugin')).default;
  const tsParser = await import('@typescript-eslint/parser');
  const linter = new Linter({ configType: 'flat' });
  const config = [{ ...plugin.configs.recommended, languageOptions: { parser: tsParser } }];
  const times = [];
  let messages = [];
  for (let i = 0; i < 7; i++) {
    // a fresh text each run, so no cache of ours can answer
    const variant = text.replace('k + 0,', `k + ${i},`);
    const t0 = performance.now();
    // a relative name: flat config matches files under the working directory
    messages = linter.verify(variant, config, { filename: 'big.ts' });
    times.push(performance.now() - t0);
  }
  const fatal = messages.find((m) => m.fatal || m.ruleId === null);
  if (fatal) throw new Error(`ESLint did not lint the file: ${fatal.message}`);
  results.eslint = { runs: times.length, p50: percentile(times, 50), min: Math.min(...times), messages: messages.length };
}

rmSync(work, { recursive: true, force: true });

console.log(`lockctx language server benchmark (${lineCount}-line file, ${results.machine.cpus} cores, Node ${process.version}, load average before ${results.machine.loadavg.map((l) => l.toFixed(2)).join(' ')}, after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
console.log('');
console.log(`| measure | result | target |`);
console.log(`| --- | --- | --- |`);
console.log(`| open → first diagnostics (${results.open.diagnostics} findings) | ${ms(results.open.ms)} | |`);
console.log(`| didChange → diagnostics p50 (${EDITS} edits, pull: ${Object.entries(results.didChange.reports).map(([k, n]) => `${n} ${k}`).join(', ')}) | ${ms(results.didChange.p50)} | |`);
console.log(`| didChange → diagnostics p95 | ${ms(results.didChange.p95)} | ≤ 50 ms |`);
console.log(`| didChange → diagnostics p50 / p95, file with a syntax error elsewhere (${results.didChangeBroken.edits} edits) | ${ms(results.didChangeBroken.p50)} / ${ms(results.didChangeBroken.p95)} | |`);
console.log(`| hover p50 / p95 | ${ms(results.hover.p50)} / ${ms(results.hover.p95)} | p95 ≤ 10 ms |`);
console.log(`| index ${FILES} files | ${ms(results.index.ms)} | ≤ 5000 ms |`);
console.log(`| ESLint Linter.verify, our recommended rules, same file (p50 of ${results.eslint.runs}, ${results.eslint.messages} findings) | ${ms(results.eslint.p50)} | |`);
console.log('');
console.log(`ratio: one ESLint re-lint / one server edit (p50): ${(results.eslint.p50 / results.didChange.p50).toFixed(1)}×`);
if (JSON_OUT) {
  writeFileSync(JSON_OUT, JSON.stringify(results, null, 2) + '\n');
  console.log(`wrote ${JSON_OUT}`);
}
