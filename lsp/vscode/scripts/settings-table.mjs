// Prints the README's settings and commands tables from package.json, so the
// README is written from the manifest; tests/manifest.test.ts checks that the
// README holds exactly these tables.
import { readFileSync } from 'node:fs';

/** The Markdown tables (settings, commands) for a manifest object. */
export function settingsTables(manifest) {
  const props = manifest.contributes.configuration.properties;
  const cell = (s) => String(s).replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows = Object.entries(props).map(([key, p]) => {
    const type = p.enum ? p.enum.map((e) => `\`${e}\``).join(', ') : p.type;
    return `| \`${key}\` | ${cell(type)} | \`${cell(JSON.stringify(p.default))}\` | ${cell(p.description)} |`;
  });
  const commands = manifest.contributes.commands.map(
    (c) => `| \`${c.command}\` | ${c.category}: ${c.title} |`,
  );
  return [
    ['| Setting | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n'),
    ['| Command | Title |', '| --- | --- |', ...commands].join('\n'),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(settingsTables(manifest).join('\n\n') + '\n');
}
