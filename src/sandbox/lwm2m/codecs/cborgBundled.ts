// cborg, imported the way esbuild bundles it (see cborg.ts for why this is a file of its own).
export { Tokenizer, Type, encode } from 'cborg';
