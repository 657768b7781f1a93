// File-, device- and log-provided text for terminals (the CLI's stdout, the Test Results terminal): control
// characters (terminal escapes, C1 controls, line separators) become visible \u escapes, so no text can move
// the cursor, recolour or retitle the terminal, or fake a line of output.

/** Control characters of untrusted text as \\u escapes: one line stays one line. */
export function visible(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `visible` for each line of a text of several lines: its own line breaks stay (`\r\n` and `\n` become `eol`). */
export function visibleLines(s: string, eol = '\n'): string {
  return s.split(/\r?\n/).map(visible).join(eol);
}
