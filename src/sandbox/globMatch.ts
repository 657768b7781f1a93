// Wildcard matching for fleet-indexing search values (`thingName:dev*`): `*` matches any run of
// characters, everything else itself. Without regular expressions and in linear time: the literal pieces
// between stars are found left to right, each at its first place after the previous one, so a name full
// of near-misses against a query full of stars costs one pass rather than minutes of backtracking.

export function globMatcher(pattern: string, star = '*'): (value: string) => boolean {
  const pieces = pattern.split(star);
  if (pieces.length === 1) return (v) => v === pattern;
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1).filter((p) => p !== '');
  const minLength = pieces.reduce((n, p) => n + p.length, 0);
  return (v) => {
    if (v.length < minLength || !v.startsWith(first) || !v.endsWith(last)) return false;
    let at = first.length;
    const end = v.length - last.length;
    for (const piece of middle) {
      const found = v.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}
