/** ANSI styling, or none. */
export interface Paint {
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const style =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

export const colors: Paint = {
  red: style(31, 39),
  yellow: style(33, 39),
  dim: style(2, 22),
  bold: style(1, 22),
  underline: style(4, 24),
};

const same = (text: string): string => text;

export const plain: Paint = {
  red: same,
  yellow: same,
  dim: same,
  bold: same,
  underline: same,
};
