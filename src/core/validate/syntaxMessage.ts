// A JSON syntax error as a sentence: comments and trailing commas named as such (AWS accepts only strict JSON).
import type * as jsonc from 'jsonc-parser';
import { printParseErrorCode } from 'jsonc-parser';

export function syntaxMessage(e: jsonc.ParseError, text: string): string {
  const name = printParseErrorCode(e.error);
  if (name === 'InvalidCommentToken' || text.startsWith('//', e.offset) || text.startsWith('/*', e.offset)) return 'comments are not allowed: AWS accepts only strict JSON';
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const near = text.slice(e.offset, e.offset + Math.min(e.length || 1, 20));
  let before = e.offset - 1;
  while (before >= 0 && /\s/.test(text[before])) before--;
  const trailingComma = /^[}\]]/.test(near) && text[before] === ',';
  if (trailingComma) return 'trailing comma: AWS accepts only strict JSON; remove the last ","';
  return `invalid JSON: ${words}${near ? ` at "${near}"` : ''}`;
}
