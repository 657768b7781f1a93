// The send pipeline's view of one shadow (src/operations/answerWait.ts's ShadowWatch) through the UI's
// shadow store: reads go through the store, so the tree and the document see every version the wait sees.
import type { ShadowWatch } from '../../operations/answerWait';
import { shadowKey, type ShadowRef } from '../documents/shadowPath';
import type { ShadowStore } from './shadowStore';

export function storeWatch(store: ShadowStore, ref: ShadowRef): ShadowWatch {
  const key = shadowKey(ref);
  return {
    read: () => store.get(ref, 0),
    peek: () => store.peek(ref),
    isLive: () => store.isLive(ref),
    onDidChange: (listener) => store.onDidChange((r) => {
      if (shadowKey(r) === key) listener();
    }),
  };
}
