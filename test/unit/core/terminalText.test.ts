// Text for terminals: control characters visible, line breaks kept.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { visible, visibleLines } from '../../../src/core/index';

test('visible turns every control character (C0, DEL, C1, line separators) into a \\u escape', () => {
  assert.equal(visible('a\u001b[31mb\u009b2Jc\u2028d\ne'), 'a\\u001b[31mb\\u009b2Jc\\u2028d\\u000ae');
});

test('bidi embeddings, overrides, isolates and marks are escaped like control characters', () => {
  assert.equal(visible('a\u202eb\u202ac\u2066d\u2069e\u200ff\u061cg'), 'a\\u202eb\\u202ac\\u2066d\\u2069e\\u200ff\\u061cg');
});

test('visibleLines keeps the text\'s own line breaks (as the terminal wants them) and escapes the rest', () => {
  assert.equal(visibleLines('one\u001b]0;x\u0007\r\ntwo\rthree\nfour', '\r\n'), 'one\\u001b]0;x\\u0007\r\ntwo\\u000dthree\r\nfour');
  assert.equal(visibleLines('a\nb'), 'a\nb');
});
