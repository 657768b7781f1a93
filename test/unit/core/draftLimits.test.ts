// Drafts of operation documents are capped; a draft past a cap is refused with the reason, and no other
// draft is dropped to make room (the caller keeps the text in the editor).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { draftRefusal, MAX_DRAFT_BYTES, MAX_DRAFTS, MAX_DRAFTS_TOTAL_BYTES, type KeptDraft } from '../../../src/core/draftLimits';

const drafts = (n: number, size = 10): KeptDraft[] => Array.from({ length: n }, (_, i) => ({ id: `sandbox\nthing-${i}`, text: 'x'.repeat(size), savedAt: 1000 + ((i * 7) % n) }));

test('a draft up to the size AWS takes is kept; one byte more is refused, counting UTF-8 bytes', () => {
  assert.equal(draftRefusal([], 'a', 'x'.repeat(MAX_DRAFT_BYTES)), undefined);
  assert.deepEqual(draftRefusal([], 'a', 'x'.repeat(MAX_DRAFT_BYTES + 1)), { kind: 'too-large', bytes: MAX_DRAFT_BYTES + 1, limit: MAX_DRAFT_BYTES });
  // 'é' is two bytes: half as many characters already reach the limit.
  assert.equal(draftRefusal([], 'a', 'é'.repeat(MAX_DRAFT_BYTES / 2 + 1))?.kind, 'too-large');
});

test('past the number of drafts kept, a new one is refused and the oldest others are named', () => {
  const kept = drafts(MAX_DRAFTS);
  const r = draftRefusal(kept, 'sandbox\nnew-thing', '{}');
  assert.equal(r?.kind, 'too-many');
  assert.ok(r?.kind === 'too-many');
  assert.equal(r.count, MAX_DRAFTS);
  const bySavedAt = [...kept].sort((a, b) => a.savedAt - b.savedAt).map((d) => d.id);
  assert.deepEqual(r.oldest, bySavedAt.slice(0, 3));
  // Saving a thing that already has a draft replaces it: never refused for the count.
  assert.equal(draftRefusal(kept, kept[5].id, '{"changed":true}'), undefined);
  assert.equal(draftRefusal(drafts(MAX_DRAFTS - 1), 'sandbox\nnew-thing', '{}'), undefined);
});

test('past the bytes all drafts may take together, a new or larger draft is refused; a smaller one is not', () => {
  const size = 100 * 1024;
  const kept = drafts(Math.floor(MAX_DRAFTS_TOTAL_BYTES / size), size); // 10 drafts of 100 KB: 1000 KB of 1024
  const r = draftRefusal(kept, 'sandbox\nnew-thing', 'x'.repeat(30 * 1024));
  assert.equal(r?.kind, 'total-too-large');
  assert.ok(r?.kind === 'total-too-large');
  assert.equal(r.bytes, 10 * size + 30 * 1024);
  assert.equal(r.oldest.length, 3);
  assert.equal(draftRefusal(kept, 'sandbox\nnew-thing', 'x'.repeat(20 * 1024)), undefined);
  // Replacing one's own draft counts the new text instead of the old one.
  assert.equal(draftRefusal(kept, kept[0].id, 'x'.repeat(120 * 1024)), undefined);
  assert.equal(draftRefusal(kept, kept[0].id, 'x'.repeat(125 * 1024))?.kind, 'total-too-large');
});

test('past a cap already (drafts kept before), re-saving or shrinking a draft is kept; adding one or growing one is refused', () => {
  const many = drafts(MAX_DRAFTS + 5);
  assert.equal(draftRefusal(many, many[3].id, 'x'.repeat(10)), undefined);
  assert.equal(draftRefusal(many, many[3].id, 'x'.repeat(4)), undefined);
  assert.equal(draftRefusal(many, 'sandbox\nnew-thing', '{}')?.kind, 'too-many');

  const size = 100 * 1024;
  const big = drafts(12, size); // 1200 KB of 1024
  assert.equal(draftRefusal(big, big[0].id, 'x'.repeat(size)), undefined, 'the same size again');
  assert.equal(draftRefusal(big, big[0].id, 'x'.repeat(50 * 1024)), undefined, 'smaller');
  const grown = draftRefusal(big, big[0].id, 'x'.repeat(size + 1));
  assert.equal(grown?.kind, 'total-too-large');
  assert.equal(draftRefusal(big, 'sandbox\nnew-thing', 'x')?.kind, 'total-too-large');
});
