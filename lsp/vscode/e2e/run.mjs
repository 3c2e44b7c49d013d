// `npm run test:e2e`: the extension in real VS Code (code-server 4.100.3 =
// VS Code 1.100.3) driven by headless Chromium through playwright-core.
//
// 1. installs code-server once into a cache folder outside the repository
//    (npm registry and Debian only: e2e/install-code-server.sh);
// 2. builds and packs the extension (`lockctx-<version>.vsix`);
// 3. installs the .vsix into a scratch extensions folder and starts
//    code-server on 127.0.0.1 with a scratch copy of e2e/workspace;
// 4. opens src/cache.ts and checks that the Problems panel lists our
//    finding, that a hover shows the lock state, and that our quick fix
//    changes the file; screenshots go to lsp/vscode/test-results/.
//
// When run as root with `unshare` available, steps 3–4 run in a private
// network namespace that has only loopback, so nothing can leave the machine.
// Exit code 0 when every check passed, 1 otherwise.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const EXT = join(HERE, '..');
const RESULTS = join(EXT, 'test-results');
const CACHE = process.env.LOCKCTX_CODE_SERVER_DIR ?? join(homedir(), '.cache', 'lockctx', 'code-server-4.100.3');
const CODE_SERVER = join(CACHE, 'node_modules', '.bin', 'code-server');
const PORT = Number(process.env.LOCKCTX_E2E_PORT ?? 18080);
const manifest = JSON.parse(readFileSync(join(EXT, 'package.json'), 'utf8'));
const VSIX = join(EXT, `${manifest.name}-${manifest.version}.vsix`);

const inNamespace = process.argv.includes('--in-netns');
const log = (...a) => console.log('[e2e]', ...a);

if (!inNamespace) {
  // steps 1–2 need the registry (first run only) and the build tools
  execFileSync('bash', [join(HERE, 'install-code-server.sh'), CACHE], { stdio: 'inherit' });
  execFileSync('npm', ['run', '-s', 'package'], { cwd: EXT, stdio: 'inherit' });
  if (!existsSync(VSIX)) throw new Error(`packing did not produce ${VSIX}`);
  const canUnshare =
    process.getuid?.() === 0 &&
    spawnSync('unshare', ['-n', 'true']).status === 0 &&
    !process.argv.includes('--no-netns');
  if (canUnshare) {
    log('running code-server and Chromium in a loopback-only network namespace');
    const r = spawnSync('unshare', ['-n', process.execPath, fileURLToPath(import.meta.url), '--in-netns'], {
      stdio: 'inherit',
    });
    process.exit(r.status ?? 1);
  }
  log('unshare not available: running on the host network (loopback address only)');
}
process.exit(await runChecks());

async function runChecks() {
  if (inNamespace) spawnSync('ip', ['link', 'set', 'lo', 'up'], { stdio: 'inherit' });
  const scratch = mkdtempSync(join(tmpdir(), 'lockctx-e2e-'));
  const home = join(scratch, 'home');
  const data = join(scratch, 'data');
  const exts = join(scratch, 'exts');
  const ws = join(scratch, 'workspace');
  for (const d of [home, join(data, 'User'), exts]) mkdirSync(d, { recursive: true });
  cpSync(join(HERE, 'workspace'), ws, { recursive: true });
  writeFileSync(
    join(data, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'update.mode': 'none',
      'workbench.tips.enabled': false,
      'editor.inlayHints.enabled': 'on',
      'editor.hover.delay': 200,
      'files.autoSave': 'off',
      'typescript.validate.enable': false,
      'workbench.colorTheme': 'Default Dark Modern',
    }),
  );
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'), XDG_CACHE_HOME: join(home, '.cache') };
  const common = ['--user-data-dir', data, '--extensions-dir', exts, '--disable-telemetry', '--disable-update-check'];
  log('installing', VSIX);
  execFileSync(CODE_SERVER, [...common, '--install-extension', VSIX], { env, stdio: 'inherit' });

  const server = spawn(
    CODE_SERVER,
    [...common, '--bind-addr', `127.0.0.1:${PORT}`, '--auth', 'none', '--disable-workspace-trust', '--disable-getting-started-override', ws],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let serverLog = '';
  server.stdout.on('data', (b) => (serverLog += b));
  server.stderr.on('data', (b) => (serverLog += b));
  const result = { checks: {}, reasons: {} };
  try {
    await waitForHealth(`http://127.0.0.1:${PORT}/healthz`, 60_000);
    await drive(`http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(ws)}`, ws, home, result);
  } catch (error) {
    result.error = String(error?.stack ?? error).slice(0, 2000);
  } finally {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await until('code-server to exit', () => server.exitCode !== null || server.signalCode !== null, 5_000).catch(() => {});
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // the whole group stopped on SIGTERM
    }
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'code-server.log'), serverLog);
    writeFileSync(join(RESULTS, 'result.json'), JSON.stringify(result, null, 2) + '\n');
    rmSync(scratch, { recursive: true, force: true });
  }
  const failed = Object.entries(result.checks).filter(([, ok]) => ok !== true);
  const expected = ['problemsPanel', 'hoverLockState', 'quickFixChangesFile'];
  const missing = expected.filter((k) => !(k in result.checks));
  for (const [name, ok] of Object.entries(result.checks)) {
    log(`${ok === true ? 'ok  ' : 'FAIL'} ${name}${ok === true ? '' : `: ${result.reasons[name] ?? 'no reason recorded'}`}`);
  }
  for (const name of missing) log(`FAIL ${name}: not reached (see the error below and test-results/failure.png)`);
  if (result.error) log('error:', result.error);
  const passed = expected.length - failed.length - missing.length;
  console.log(`${passed} passed, ${expected.length - passed} failed`);
  return failed.length === 0 && missing.length === 0 && !result.error ? 0 : 1;
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
}

/**
 * Waits for `condition` (polled), or throws naming what did not happen.
 * Every wait is for a condition, never a fixed time.
 */
async function until(what, condition, timeoutMs = 20_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await condition();
      if (last) return last;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * Runs a step whose UI is known to be racy (a hover that another provider
 * answers first, a context menu opened while the editor still settles) up to
 * `attempts` times; every retry is logged with the reason.
 */
async function retrying(name, attempts, step) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step(attempt);
    } catch (error) {
      if (attempt >= attempts) throw error;
      log(`retry ${attempt}/${attempts - 1} of "${name}": ${String(error?.message ?? error).split('\n')[0]}`);
    }
  }
}

async function drive(url, ws, home, result) {
  const { chromium } = await import('playwright-core');
  mkdirSync(RESULTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'lockctx-chromium-'));
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's chromium (apt-get install chromium), or set CHROMIUM to a Chromium binary`,
    );
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 850 },
    env: { ...process.env, HOME: home },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const shot = (name) => page.screenshot({ path: join(RESULTS, `${name}.png`) });
  const started = Date.now();
  const step = (name) => log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${name}`);
  const cachePath = join(ws, 'src', 'cache.ts');
  const original = readFileSync(cachePath, 'utf8');
  try {
    step('opening the workbench');
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    step('opening src/cache.ts with quick open');
    await retrying('quick open', 2, async () => {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { timeout: 20_000 });
      await page.keyboard.type('cache.ts');
      await until('quick open to list cache.ts', async () =>
        (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).some((t) => t.includes('cache.ts')),
      );
      await page.keyboard.press('Enter');
      await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
    });
    step('waiting for our diagnostics (a warning squiggle)');
    await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 60_000 });

    // Problems panel: our finding, with its rule id and source
    step('Problems panel');
    await page.keyboard.press('Control+Shift+M');
    const ours = (rows) => rows.some((r) => r.includes('no-lock-leak')) && rows.some((r) => r.includes('lockctx'));
    result.problems = await until(
      'the Problems panel to list a lockctx no-lock-leak finding',
      async () => {
        const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
        return ours(rows) ? rows : undefined;
      },
      20_000,
    ).catch((error) => {
      result.reasons.problemsPanel = error.message;
      return [];
    });
    result.checks.problemsPanel = ours(result.problems);
    await shot('problems');

    // hover inside the `using` scope: the lock state; the token itself (the
    // innermost span), not the line that contains it
    step('hover on getOrder');
    await page.keyboard.press('Escape');
    const word = page.locator('.monaco-editor .view-line span span', { hasText: /^getOrder$/ }).first();
    const box = await word.boundingBox();
    if (box === null) throw new Error('the word getOrder is not visible in the editor');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // the hover merges every provider's answer; TypeScript's may say
    // "Loading..." for a while on a busy machine, and a hover can close
    // when the editor re-renders: wait for ours, re-hovering when needed
    const held = (texts) => texts.some((t) => /xa\S* held since line 11/.test(t));
    result.hover = [];
    await retrying('hover shows the lock state', 4, async (attempt) => {
      await page.mouse.move(5, 5);
      await page.mouse.move(box.x + box.width / 2 + attempt, box.y + box.height / 2);
      result.hover = await until('a hover saying `xa` is held since line 11', async () => {
        const texts = await page.locator('.monaco-hover:not(.hidden)').allInnerTexts();
        result.hover = texts;
        return held(texts) ? texts : undefined;
      }, 10_000, 250);
    }).catch((error) => {
      result.reasons.hoverLockState = `${error.message}; hovers seen: ${JSON.stringify(result.hover)}`;
    });
    result.checks.hoverLockState = held(result.hover);
    await shot('hover');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    // quick fix on the leak: our preferred fix turns it into `using`
    step('quick fix menu on the leak');
    const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
    const sq = await squiggle.boundingBox();
    if (sq === null) throw new Error('the warning squiggle is gone before the quick fix');
    const wantedFix = (o) => o?.startsWith('Fix this no-lock-leak problem');
    const options = await retrying('open the quick fix menu', 4, async () => {
      await page.keyboard.press('Escape');
      await page.mouse.click(sq.x + sq.width / 2, sq.y + sq.height / 2);
      await page.keyboard.press('Control+Period');
      return until('the quick fix menu to offer "Fix this no-lock-leak problem"', async () => {
        const labels = await page.locator('.action-widget [role=option]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
        result.quickFixes = labels;
        return labels.some(wantedFix) ? labels : undefined;
      }, 5_000);
    }).catch((error) => {
      result.reasons.quickFixChangesFile = `${error.message}; options seen: ${JSON.stringify(result.quickFixes ?? [])}`;
      return [];
    });
    await shot('quickfix-menu');
    if (options.some(wantedFix)) {
      step('applying the fix and saving');
      await until('the fix to be the focused option', async () => {
        const focused = await page.locator('.action-widget [role=option].focused').getAttribute('aria-label').catch(() => null);
        if (wantedFix(focused)) return true;
        await page.keyboard.press('ArrowDown');
        return false;
      }, 10_000, 150);
      await page.keyboard.press('Enter');
      await until('the editor to show `using g = xa.lock();`', async () =>
        /using\s+g\s*=\s*xa\.lock\(\);/.test((await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ')),
      );
      await page.keyboard.press('Control+S');
      await until('src/cache.ts to change on disk', async () => readFileSync(cachePath, 'utf8') !== original, 15_000).catch((error) => {
        result.reasons.quickFixChangesFile = error.message;
      });
    }
    const onDisk = readFileSync(cachePath, 'utf8');
    result.fileAfterFix = onDisk.split('\n').slice(2, 7);
    result.checks.quickFixChangesFile = /using g = xa\.lock\(\);/.test(onDisk.split('\n')[3] ?? '');
    if (!result.checks.quickFixChangesFile && result.reasons.quickFixChangesFile === undefined) {
      result.reasons.quickFixChangesFile = `line 4 of src/cache.ts is ${JSON.stringify(onDisk.split('\n')[3])}`;
    }
    await shot('after-fix');
    step('done');
  } catch (error) {
    await shot('failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
