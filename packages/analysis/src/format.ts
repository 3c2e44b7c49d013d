/**
 * Fills an ESLint-style message template: every `{{ name }}` is replaced by
 * `data[name]`; unknown placeholders are left as written (as ESLint does).
 */
export function formatMessage(
  template: string,
  data: Record<string, string>,
): string {
  return template.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(data, key)
      ? String(data[key])
      : whole,
  );
}
