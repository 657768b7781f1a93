// Markdown escaping for hover text: device- and file-provided strings must render as plain text, never
// as markup, HTML or (command) links.

/** Escapes every ASCII punctuation character CommonMark could read as markup, and flattens newlines. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&:="'$@^%;,/?]/g, '\\$&');
}

/** A value shown inline: escaped, shortened. */
export function escapeValue(s: string, max = 200): string {
  const cut = s.length > max ? s.slice(0, max - 1) + '…' : s;
  return escapeMarkdown(cut);
}
