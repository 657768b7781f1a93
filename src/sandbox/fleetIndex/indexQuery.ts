// The subset of AWS IoT fleet indexing's query language the sandbox answers: `field:value` terms and bare
// terms, quoted phrases, `*` wildcards, `\` escapes, AND / OR / NOT (and a leading `-`), parentheses and
// field groups `field:(a OR b)`. Matching is case-insensitive, as AWS's is. No regular expressions: a
// wildcard term is matched by globMatch.ts in linear time, so no query can make the sandbox spin. AWS's own limits are enforced: at most 12 terms, one leading-wildcard
// term, and 100 characters for a query that has one. Not supported (InvalidQueryException): ranges
// (`field:[a TO b]`, `field>n`), geo queries, aggregations.
import { ApiError } from '../apiError';
import { globMatcher } from '../globMatch';

export type IndexQuery =
  | { k: 'and' | 'or'; a: IndexQuery; b: IndexQuery }
  | { k: 'not'; x: IndexQuery }
  | { k: 'term'; field?: string; pattern: string; match: (lowerCased: string) => boolean }
  | { k: 'all' };

/** A thing's indexed fields: the text values of one field (several for arrays), or undefined when absent. */
export type FieldLookup = (field: string) => readonly string[] | undefined;

export const MAX_TERMS = 12;
export const MAX_LEADING_WILDCARD_QUERY = 100;
const MAX_QUERY_CHARS = 4096;
const MAX_NESTING = 32;

function invalidQuery(message: string): ApiError {
  return new ApiError(400, 'InvalidQueryException', message);
}

type Token =
  | { t: 'open' | 'close' | 'and' | 'or' | 'not' }
  | { t: 'word'; field?: string; value: string; wildcard: boolean; phrase: boolean; group: boolean };

/** A word's text: `\x` is a literal x; an unescaped `*` becomes the wildcard marker \u0001. */
const STAR = '\u0001';

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const readValue = (): { value: string; wildcard: boolean; phrase: boolean } => {
    if (q[i] === '"') {
      i++;
      let v = '';
      while (i < q.length && q[i] !== '"') {
        if (q[i] === '\\' && i + 1 < q.length) i++;
        v += q[i++];
      }
      if (i >= q.length) throw invalidQuery('Unterminated phrase in query');
      i++;
      return { value: v, wildcard: false, phrase: true };
    }
    let v = '';
    let wildcard = false;
    while (i < q.length && !/\s/.test(q[i]) && q[i] !== '(' && q[i] !== ')') {
      if (q[i] === '\\') {
        if (i + 1 >= q.length) throw invalidQuery('Query ends with an escape character');
        v += q[i + 1];
        i += 2;
        continue;
      }
      if (q[i] === '*') {
        v += STAR;
        wildcard = true;
      } else v += q[i];
      i++;
    }
    return { value: v, wildcard, phrase: false };
  };
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(') { out.push({ t: 'open' }); i++; continue; }
    if (c === ')') { out.push({ t: 'close' }); i++; continue; }
    if (c === '-' && i + 1 < q.length && !/\s/.test(q[i + 1])) { out.push({ t: 'not' }); i++; continue; }
    // A field name runs to the first unescaped ':' (field names never hold spaces or escapes).
    const fieldMatch = /^([A-Za-z_][A-Za-z0-9_.\-@]*):/.exec(q.slice(i, i + 300));
    if (fieldMatch) {
      const field = fieldMatch[1];
      i += fieldMatch[0].length;
      if (q[i] === '(') {
        out.push({ t: 'word', field, value: '', wildcard: false, phrase: false, group: true });
        continue;
      }
      if (q[i] === '[' || q[i] === '{' || q[i] === '>' || q[i] === '<') throw invalidQuery('Range queries are not supported by the sandbox');
      const v = readValue();
      out.push({ t: 'word', field, ...v, group: false });
      continue;
    }
    const v = readValue();
    if (!v.phrase && (v.value === 'AND' || v.value === '&&')) out.push({ t: 'and' });
    else if (!v.phrase && (v.value === 'OR' || v.value === '||')) out.push({ t: 'or' });
    else if (!v.phrase && (v.value === 'NOT' || v.value === '!')) out.push({ t: 'not' });
    else out.push({ t: 'word', ...v, group: false });
  }
  return out;
}

/** Parses a query (throws InvalidQueryException, as AWS does, for what it cannot answer). */
export function parseIndexQuery(query: string): IndexQuery {
  if (typeof query !== 'string' || !query.trim()) throw invalidQuery('queryString must not be empty');
  if (query.length > MAX_QUERY_CHARS) throw invalidQuery(`Query is longer than ${MAX_QUERY_CHARS} characters`);
  const tokens = tokenize(query);
  let pos = 0;
  let terms = 0;
  let leading = 0;
  const peek = () => tokens[pos];

  const term = (field: string | undefined, value: string, wildcard: boolean): IndexQuery => {
    terms++;
    if (value === STAR) return field ? { k: 'term', field, pattern: STAR, match: () => true } : { k: 'all' };
    if (value.startsWith(STAR)) leading++;
    const pattern = value.toLowerCase();
    return { k: 'term', field, pattern, match: wildcard ? globMatcher(pattern, STAR) : (v) => v === pattern };
  };

  const parseOr = (field: string | undefined, depth: number): IndexQuery => {
    let left = parseAnd(field, depth);
    while (peek()?.t === 'or') {
      pos++;
      left = { k: 'or', a: left, b: parseAnd(field, depth) };
    }
    return left;
  };
  const parseAnd = (field: string | undefined, depth: number): IndexQuery => {
    let left = parseUnary(field, depth);
    for (;;) {
      const t = peek();
      if (!t || t.t === 'close' || t.t === 'or') return left;
      if (t.t === 'and') pos++;
      left = { k: 'and', a: left, b: parseUnary(field, depth) };
    }
  };
  const parseUnary = (field: string | undefined, depth: number): IndexQuery => {
    const t = peek();
    if (!t) throw invalidQuery('Query ends where a term was expected');
    if (t.t === 'not') {
      pos++;
      return { k: 'not', x: parseUnary(field, depth) };
    }
    if (t.t === 'open') {
      if (depth >= MAX_NESTING) throw invalidQuery('Query nests too deeply');
      pos++;
      const inner = parseOr(field, depth + 1);
      if (peek()?.t !== 'close') throw invalidQuery('Unbalanced parentheses in query');
      pos++;
      return inner;
    }
    if (t.t === 'word') {
      pos++;
      if (t.group) {
        if (peek()?.t !== 'open') throw invalidQuery('Field group without parentheses');
        if (depth >= MAX_NESTING) throw invalidQuery('Query nests too deeply');
        pos++;
        const inner = parseOr(t.field, depth + 1);
        if (peek()?.t !== 'close') throw invalidQuery('Unbalanced parentheses in query');
        pos++;
        return inner;
      }
      return term(t.field ?? field, t.value, t.wildcard);
    }
    throw invalidQuery(`Unexpected ${t.t === 'close' ? "')'" : t.t.toUpperCase()} in query`);
  };

  const ast = parseOr(undefined, 0);
  if (pos < tokens.length) throw invalidQuery("Unbalanced ')' in query");
  if (terms > MAX_TERMS) throw invalidQuery(`Query has ${terms} terms; at most ${MAX_TERMS} are allowed`);
  if (leading > 1) throw invalidQuery('Only one term of a query may start with a wildcard');
  if (leading === 1 && query.length > MAX_LEADING_WILDCARD_QUERY) throw invalidQuery(`A query with a leading wildcard may be at most ${MAX_LEADING_WILDCARD_QUERY} characters`);
  return ast;
}

/** Fields a bare term (no `field:`) is looked for in. */
const DEFAULT_FIELDS = ['thingName', 'thingTypeName', 'attributes.*'];

function termMatches(q: Extract<IndexQuery, { k: 'term' }>, lookup: FieldLookup): boolean {
  const fields = q.field ? [q.field] : DEFAULT_FIELDS;
  for (const f of fields) {
    const values = lookup(f);
    if (!values) continue;
    if (q.pattern === STAR) return true; // the field exists
    for (const v of values) if (q.match(v.toLowerCase())) return true;
  }
  return false;
}

/** Does a thing (seen through its field lookup) match the query? Recursion depth is bounded by the parser's limits. */
export function matchesIndexQuery(q: IndexQuery, lookup: FieldLookup): boolean {
  switch (q.k) {
    case 'all':
      return true;
    case 'term':
      return termMatches(q, lookup);
    case 'not':
      return !matchesIndexQuery(q.x, lookup);
    case 'and':
      return matchesIndexQuery(q.a, lookup) && matchesIndexQuery(q.b, lookup);
    case 'or':
      return matchesIndexQuery(q.a, lookup) || matchesIndexQuery(q.b, lookup);
  }
}
