// One parsed operation document: the value (fast JSON.parse when the text is valid), and on demand the
// tolerant jsonc-parser tree that gives every node its text range even in broken JSON. Parsed once per
// text and cached, so validation, completion and hover on the same text share the work.
import * as jsonc from 'jsonc-parser';
import { LineIndex } from './diagnostics';
import { MAX_PARSE_DEPTH, offsetPastDepth } from './jsonTextChecks';
import { isRecord } from './jsonValue';

export type JsonPath = (string | number)[];

export class DocumentModel {
  private _tree?: jsonc.Node | null;
  private _errors: jsonc.ParseError[] = [];
  private _lines?: LineIndex;
  private _value?: unknown;
  private _valueDone = false;
  /** JSON.parse accepted the text */
  readonly strict: boolean;

  constructor(readonly text: string) {
    try {
      this._value = JSON.parse(text);
      this._valueDone = true;
      this.strict = true;
    } catch {
      this.strict = false;
    }
  }

  /** The tolerant tree (undefined for an empty text). */
  get tree(): jsonc.Node | undefined {
    if (this._tree === undefined) {
      // the tolerant parser recurses per level: a text nested past the limit gets no tree at all
      if (offsetPastDepth(this.text, MAX_PARSE_DEPTH) >= 0) this._tree = null;
      else {
        const errors: jsonc.ParseError[] = [];
        this._tree = jsonc.parseTree(this.text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true }) ?? null;
        this._errors = errors;
      }
    }
    return this._tree ?? undefined;
  }

  /** Syntax errors (empty when the text is strict JSON). */
  get syntaxErrors(): jsonc.ParseError[] {
    if (this.strict) return [];
    void this.tree;
    return this._errors;
  }

  /** The value: JSON.parse's when strict, else what the tolerant parser recovered. */
  get value(): unknown {
    if (!this._valueDone) {
      this._value = this.tree ? jsonc.getNodeValue(this.tree) : undefined;
      this._valueDone = true;
    }
    return this._value;
  }

  get lines(): LineIndex {
    return (this._lines ??= new LineIndex(this.text));
  }

  node(path: JsonPath): jsonc.Node | undefined {
    const t = this.tree;
    return t ? jsonc.findNodeAtLocation(t, path) : undefined;
  }

  /** The node at a path, or its nearest existing ancestor. */
  nearestNode(path: JsonPath): jsonc.Node | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (node) return node;
    }
    return undefined;
  }

  /** The property node (key + value) whose value is at `path`. */
  propertyNode(path: JsonPath): jsonc.Node | undefined {
    const n = this.node(path);
    return n?.parent?.type === 'property' ? n.parent : undefined;
  }

  nodeAt(offset: number): jsonc.Node | undefined {
    const t = this.tree;
    return t ? jsonc.findNodeAtOffset(t, offset, true) : undefined;
  }
}

const cache = new Map<string, DocumentModel>();
const CACHE_SIZE = 4;

/** The cached model of a text, without creating one. */
export function cachedDocumentModel(text: string): DocumentModel | undefined {
  return cache.get(text);
}

/** The model of a text, cached by text (the few most recent). */
export function documentModel(text: string): DocumentModel {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const m = new DocumentModel(text);
  cache.set(text, m);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return m;
}

/** Where the request is: ['state','desired'] in a shadow document, [] for a bare desired object. */
export function requestPath(value: unknown): JsonPath | undefined {
  if (!isRecord(value)) return undefined;
  if ('state' in value) {
    const s = value.state;
    if (isRecord(s) && 'desired' in s) return ['state', 'desired'];
    return undefined;
  }
  return [];
}
