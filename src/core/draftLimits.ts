// How much draft text this machine keeps for unsent operation documents (VS Code's global state, which is
// read whole at every start). A save that would add a draft or bytes past a limit is refused, never trimmed, and no other
// draft is dropped to make room: the caller keeps the text in the editor and says why it was not kept.
import { MAX_DOCUMENT_BYTES, utf8Length } from './jsonTextChecks';

/** One draft: AWS refuses a shadow message past this size unread, so a larger text could never be published. */
export const MAX_DRAFT_BYTES = MAX_DOCUMENT_BYTES;
/** Drafts kept at once, over all connections and things. */
export const MAX_DRAFTS = 100;
/** All drafts' text together. */
export const MAX_DRAFTS_TOTAL_BYTES = 1024 * 1024;

export interface KeptDraft {
  id: string;
  text: string;
  savedAt: number;
}

export type DraftRefusal =
  | { kind: 'too-large'; bytes: number; limit: number }
  | { kind: 'too-many'; count: number; limit: number; oldest: string[] }
  | { kind: 'total-too-large'; bytes: number; limit: number; oldest: string[] };

/**
 * Why `text` cannot be kept as the draft `id` next to the drafts already kept (whose own draft it
 * replaces), or undefined when it can. `oldest` names the oldest other drafts, which the user may
 * publish or discard to make room.
 */
export function draftRefusal(kept: readonly KeptDraft[], id: string, text: string): DraftRefusal | undefined {
  const bytes = utf8Length(text);
  if (bytes > MAX_DRAFT_BYTES) return { kind: 'too-large', bytes, limit: MAX_DRAFT_BYTES };
  const others = kept.filter((d) => d.id !== id);
  const own = kept.find((d) => d.id === id);
  const oldest = () => [...others].sort((a, b) => a.savedAt - b.savedAt).slice(0, 3).map((d) => d.id);
  // Only a save that adds a draft or bytes can pass a cap: re-saving or shrinking one is always kept,
  // even while the drafts are past a cap (e.g. kept before it was lowered).
  if (!own && others.length + 1 > MAX_DRAFTS) return { kind: 'too-many', count: others.length, limit: MAX_DRAFTS, oldest: oldest() };
  const total = others.reduce((n, d) => n + utf8Length(d.text), bytes);
  const grows = !own || bytes > utf8Length(own.text);
  if (grows && total > MAX_DRAFTS_TOTAL_BYTES) return { kind: 'total-too-large', bytes: total, limit: MAX_DRAFTS_TOTAL_BYTES, oldest: oldest() };
  return undefined;
}
