// Fleet-indexing (SearchIndex) query strings for the listings the Fleet view makes: things of a type, things
// without a type, a thing-name substring. A user's text is never query syntax: thing names only hold
// [a-zA-Z0-9:_-], so a filter with any other character cannot match and needs no call at all, and the
// characters of that set that the query language treats specially (`:` and `-`) are escaped with `\`.
//
// AWS limits queries with a leading wildcard (`*abc*`, the only way to ask for a substring) to one such term
// and 100 characters; `thingsQuery` keeps to both and says when a filter is too long to be asked that way.

/** What a listing asks for (the same fields as the AWS layer's ThingListRequest). */
export interface ThingQuerySpec {
  thingTypeName?: string;
  withoutType?: boolean;
  /** Case-insensitive substring of the thing name (search is case-insensitive in fleet indexing). */
  nameFilter?: string;
  /** An exact thing name (Reveal Thing's exact match). */
  exactName?: string;
}

/** AWS's cap on a query that holds a leading wildcard. */
export const LEADING_WILDCARD_MAX_QUERY = 100;

/** The characters a thing or thing type name may hold (AWS's pattern for both). */
const NAME_CHARS = /^[a-zA-Z0-9:_-]+$/;

/** The query language's special characters that can occur in a name: each gets a `\`. */
const SPECIAL_IN_NAMES = /[:-]/g;

export type ThingQuery =
  | { kind: 'query'; queryString: string }
  /** Nothing can match (e.g. a filter with a character no thing name has): answer with no call. */
  | { kind: 'none' }
  /** The index cannot answer this one (e.g. too long for a wildcard query): scan instead. */
  | { kind: 'unsupported'; reason: string };

/** `text` as a literal term of the query language (for names; undefined when it holds a character names cannot have). */
export function escapeNameTerm(text: string): string | undefined {
  if (!NAME_CHARS.test(text)) return undefined;
  const escaped = text.replace(SPECIAL_IN_NAMES, (c) => `\\${c}`);
  // A name that spells an operator is escaped too (`\AND` is the letters A, N, D).
  return /^(AND|OR|NOT)$/.test(escaped) ? `\\${escaped}` : escaped;
}

/** The SearchIndex query for a listing of things. */
export function thingsQuery(spec: ThingQuerySpec): ThingQuery {
  const terms: string[] = [];
  if (spec.thingTypeName !== undefined) {
    const t = escapeNameTerm(spec.thingTypeName);
    if (t === undefined) return { kind: 'none' };
    terms.push(`thingTypeName:${t}`);
  }
  if (spec.exactName !== undefined) {
    const n = escapeNameTerm(spec.exactName.trim());
    if (n === undefined) return { kind: 'none' };
    terms.push(`thingName:${n}`);
  }
  const needle = spec.nameFilter?.trim();
  let wildcard = false;
  if (needle) {
    const n = escapeNameTerm(needle);
    if (n === undefined) return { kind: 'none' };
    terms.push(`thingName:*${n}*`);
    wildcard = true;
  }
  if (terms.length === 0) terms.push('thingName:*'); // every thing (a NOT alone selects nothing)
  if (spec.withoutType) terms.push('NOT thingTypeName:*');
  const queryString = terms.join(' AND ');
  if (wildcard && queryString.length > LEADING_WILDCARD_MAX_QUERY) {
    return { kind: 'unsupported', reason: `a name filter this long makes a query over ${LEADING_WILDCARD_MAX_QUERY} characters` };
  }
  return { kind: 'query', queryString };
}

/** The query that counts a thing type's things (GetStatistics). */
export function thingTypeCountQuery(thingTypeName: string): string | undefined {
  const t = escapeNameTerm(thingTypeName);
  return t === undefined ? undefined : `thingTypeName:${t}`;
}
