// File-, device- and log-provided text for terminals (the CLI's stdout, the Test Results terminal): control
// characters (terminal escapes, C1 controls, line breaks and separators) and bidi controls (embeddings,
// overrides, isolates and marks, U+202A–202E, U+2066–2069, U+200E/F, U+061C) become visible \u escapes, so no
// text can move the cursor, recolour or retitle the terminal, reorder what is shown, or fake a line of output
// (a step name with a line break cannot print a "✓ 9. …" line of its own).

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Control and bidi characters of untrusted text as \\u escapes: one line stays one line. */
export function visible(s: string): string {
  return s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `visible` for each line of a text of several lines: its own line breaks stay (`\r\n` and `\n` become `eol`). */
export function visibleLines(s: string, eol = '\n'): string {
  return s.split(/\r?\n/).map(visible).join(eol);
}
