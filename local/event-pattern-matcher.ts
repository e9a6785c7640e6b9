/**
 * Dependency-free EventBridge event-pattern matcher for the local event bus.
 *
 * The local bus must route events exactly as the CDK-deployed rules do, so this follows the AWS
 * "Event patterns" and "Content filtering" documentation (and the open-source aws/event-ruler it is
 * built on) rather than inventing friendlier semantics. Patterns are validated eagerly, so a rule that
 * AWS would reject fails loudly here too instead of silently never matching.
 */

/** A parsed EventBridge event pattern (the JSON given to `events.Rule#eventPattern` / PutRule). */
export type EventPattern = Record<string, unknown>;

/** Tests the leaf values found at one field path. */
type LeafMatcher = (leaves: readonly unknown[]) => boolean;
/** Tests one object level of the event (or `undefined` when that level is absent). */
type ObjectMatcher = (target: unknown) => boolean;

/**
 * Returns whether `event` matches `pattern`, using EventBridge semantics: every field named in the
 * pattern must match (AND), a leaf array lists allowed values (OR), an event array matches when any
 * element matches, and event fields absent from the pattern are ignored.
 *
 * @param pattern - Parsed event pattern, e.g. `{ source: ['municipal.network'], detail: { kind: [{ prefix: 'x' }] } }`.
 * @param event - The full event envelope (`source`, `detail-type`, `detail`, ...).
 * @throws Error when the pattern is malformed (non-array leaf, unknown operator, bad operand, ...).
 */
export function matchesEventPattern(pattern: EventPattern, event: Record<string, unknown>): boolean {
  return compileObject(pattern, '')(event);
}

function compileObject(pattern: unknown, path: string): ObjectMatcher {
  if (!isPlainObject(pattern)) {
    throw malformed(path, `expected an object, got ${describe(pattern)}`);
  }
  const checks = Object.entries(pattern).map(([key, sub]) => compileField(key, sub, path));
  return (target) => checks.every((check) => check(target));
}

function compileField(key: string, sub: unknown, parentPath: string): ObjectMatcher {
  const path = parentPath ? `${parentPath}.${key}` : key;
  if (key === '$or') {
    // AWS only treats `$or` as an operator when it holds two or more sub-patterns; anything else
    // would silently become a field literally named "$or", which is never what a rule author meant.
    if (!Array.isArray(sub) || sub.length < 2) {
      throw malformed(path, '"$or" must be an array of at least two patterns');
    }
    const alternatives = sub.map((alt, i) => compileObject(alt, `${path}[${i}]`));
    return (target) => alternatives.some((alt) => alt(target));
  }
  if (Array.isArray(sub)) {
    if (sub.length === 0) throw malformed(path, 'a leaf must list at least one value');
    const alternatives = sub.map((value) => compileLeaf(value, path));
    return (target) => {
      const leaves = leafValues(fieldOf(target, key));
      return alternatives.some((alt) => alt(leaves));
    };
  }
  if (isPlainObject(sub)) {
    const nested = compileObject(sub, path);
    return (target) => {
      // Each array element is tried on its own so that two conditions can never be satisfied by
      // different elements of the same array (event-ruler's "array-consistent" matching).
      const objects = objectsIn(fieldOf(target, key));
      return objects.length === 0 ? nested(undefined) : objects.some(nested);
    };
  }
  throw malformed(path, `a leaf must be an array of values, got ${describe(sub)}`);
}

function compileLeaf(value: unknown, path: string): LeafMatcher {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    // Exact matching is type-sensitive: "5" never matches 5 and "" never matches null.
    return (leaves) => leaves.includes(value);
  }
  if (!isPlainObject(value)) throw malformed(path, `unsupported value ${describe(value)}`);
  const entries = Object.entries(value);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined) {
    throw malformed(path, `a filter must have exactly one operator, got ${JSON.stringify(value)}`);
  }
  const [operator, operand] = entry;
  const where = `${path} (${operator})`;
  if (operator === 'exists') {
    if (typeof operand !== 'boolean') throw malformed(where, 'expects true or false');
    // Only leaf values count: a field holding an object or an empty array "does not exist".
    return (leaves) => leaves.length > 0 === operand;
  }
  if (operator === 'anything-but') {
    const excluded = compileAnythingBut(operand, where);
    // The field must be present: anything-but never matches a missing field.
    return (leaves) => leaves.some((leaf) => !excluded(leaf));
  }
  const test = compileValueTest(operator, operand, where);
  return (leaves) => leaves.some(test);
}

/** Compiles the operators that test a single leaf value (everything except exists / anything-but). */
function compileValueTest(operator: string, operand: unknown, where: string): (v: unknown) => boolean {
  switch (operator) {
    case 'prefix':
    case 'suffix': {
      const ignoreCase = isPlainObject(operand);
      const text = ignoreCase ? operand['equals-ignore-case'] : operand;
      if (typeof text !== 'string' || (ignoreCase && Object.keys(operand).length !== 1)) {
        throw malformed(where, 'expects a string or { "equals-ignore-case": string }');
      }
      const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
      const needle = fold(text);
      return (v) =>
        typeof v === 'string' &&
        (operator === 'prefix' ? fold(v).startsWith(needle) : fold(v).endsWith(needle));
    }
    case 'equals-ignore-case':
      return ignoreCaseTest(requireStrings(operand, where, false));
    case 'wildcard':
      return wildcardTest(requireStrings(operand, where, false), where);
    case 'numeric':
      return numericTest(operand, where);
    case 'cidr':
      return cidrTest(operand, where);
    default:
      throw malformed(where, 'unknown filter operator');
  }
}

/** Returns a predicate telling which event values an `anything-but` operand excludes. */
function compileAnythingBut(operand: unknown, where: string): (v: unknown) => boolean {
  if (typeof operand === 'string' || typeof operand === 'number') return (v) => v === operand;
  if (Array.isArray(operand)) {
    // AWS rejects null/boolean and mixed lists ("only strings, or only numbers").
    const kind = typeof operand[0];
    if (
      operand.length === 0 ||
      !['string', 'number'].includes(kind) ||
      operand.some((v) => typeof v !== kind)
    ) {
      throw malformed(where, 'expects a non-empty list of only strings or only numbers');
    }
    return (v) => operand.includes(v);
  }
  if (isPlainObject(operand) && Object.keys(operand).length === 1) {
    const [[nested, inner]] = Object.entries(operand) as [[string, unknown]];
    switch (nested) {
      case 'prefix':
      case 'suffix': {
        // The docs state anything-but takes a single prefix/suffix, not a list.
        return compileValueTest(nested, requireStrings(inner, where, true)[0], where);
      }
      case 'equals-ignore-case':
        return ignoreCaseTest(requireStrings(inner, where, false));
      case 'wildcard':
        return wildcardTest(requireStrings(inner, where, false), where);
    }
  }
  throw malformed(where, `unsupported operand ${JSON.stringify(operand)}`);
}

function requireStrings(operand: unknown, where: string, single: boolean): string[] {
  const list = !single && Array.isArray(operand) ? operand : [operand];
  if (list.length === 0 || !list.every((s): s is string => typeof s === 'string')) {
    throw malformed(where, single ? 'expects a string' : 'expects a string or a list of strings');
  }
  return list;
}

function ignoreCaseTest(texts: string[]): (v: unknown) => boolean {
  const folded = texts.map((t) => t.toLowerCase());
  return (v) => typeof v === 'string' && folded.includes(v.toLowerCase());
}

/** `*` matches any run of characters (including none); `\*` is a literal star and `\\` a backslash. */
function wildcardTest(patterns: string[], where: string): (v: unknown) => boolean {
  const regexes = patterns.map((pattern) => {
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i] as string;
      if (ch === '\\') {
        const next = pattern[++i];
        if (next !== '*' && next !== '\\') throw malformed(where, 'only "*" and "\\" may be escaped');
        source += escapeRegExp(next);
      } else if (ch === '*') {
        // AWS rejects "**" because it adds ambiguity (and cost) without matching anything more.
        if (pattern[i + 1] === '*') throw malformed(where, 'consecutive wildcard characters are not allowed');
        source += '[\\s\\S]*';
      } else {
        source += escapeRegExp(ch);
      }
    }
    return new RegExp(`^${source}$`);
  });
  return (v) => typeof v === 'string' && regexes.some((re) => re.test(v));
}

// A Map rather than an object literal so that operators like "constructor" are not found on the prototype.
const NUMERIC_OPERATORS = new Map<string, (value: number, bound: number) => boolean>([
  ['=', (v, b) => v === b],
  ['>', (v, b) => v > b],
  ['>=', (v, b) => v >= b],
  ['<', (v, b) => v < b],
  ['<=', (v, b) => v <= b],
]);

function numericTest(operand: unknown, where: string): (v: unknown) => boolean {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4) {
    throw malformed(where, 'expects [operator, number] or a range [">", lo, "<=", hi]');
  }
  const conditions: Array<(v: number) => boolean> = [];
  const sides = new Set<string>();
  for (let i = 0; i < operand.length; i += 2) {
    const op: unknown = operand[i];
    const bound: unknown = operand[i + 1];
    const compare = typeof op === 'string' ? NUMERIC_OPERATORS.get(op) : undefined;
    if (typeof op !== 'string' || !compare || typeof bound !== 'number' || !Number.isFinite(bound)) {
      throw malformed(where, `invalid comparison ${JSON.stringify(op)}, ${JSON.stringify(bound)}`);
    }
    // A range has at most one lower and one upper bound, and "=" stands alone.
    const side = op === '=' ? '=' : op.startsWith('>') ? 'lower' : 'upper';
    if (sides.has(side) || sides.has('=') || (side === '=' && sides.size > 0)) {
      throw malformed(where, 'a range allows one lower and one upper bound, and "=" must stand alone');
    }
    sides.add(side);
    conditions.push((v) => compare(v, bound));
  }
  // Numeric filters only apply to JSON numbers; the string "5" is not compared numerically.
  return (v) => typeof v === 'number' && conditions.every((c) => c(v));
}

function cidrTest(operand: unknown, where: string): (v: unknown) => boolean {
  const [address, bits, ...rest] = typeof operand === 'string' ? operand.split('/') : [];
  const network = address === undefined ? undefined : parseIpv4(address);
  const prefix = Number(bits);
  if (network === undefined || rest.length > 0 || !/^\d{1,2}$/.test(bits ?? '') || prefix > 32) {
    throw malformed(where, `expects an IPv4 CIDR block like "10.0.0.0/24", got ${JSON.stringify(operand)}`);
  }
  // `<< 32` is a no-op in JS, so a /0 mask has to be special-cased.
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return (v) => {
    const ip = typeof v === 'string' ? parseIpv4(v) : undefined;
    return ip !== undefined && (ip & mask) >>> 0 === (network & mask) >>> 0;
  };
}

function parseIpv4(text: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  const octets = match?.slice(1).map(Number);
  if (!octets || octets.some((o) => o > 255)) return undefined;
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

function fieldOf(target: unknown, key: string): unknown {
  return isPlainObject(target) && Object.hasOwn(target, key) ? target[key] : undefined;
}

/** Scalar (non-object) values at a field, flattening arrays, as EventBridge "leaf" values. */
function leafValues(value: unknown): unknown[] {
  if (value === undefined || isPlainObject(value)) return [];
  return Array.isArray(value) ? value.flatMap(leafValues) : [value];
}

/** Objects at a field, flattening arrays, for nested patterns to descend into. */
function objectsIn(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(objectsIn);
  return isPlainObject(value) ? [value] : [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)}`;
}

function malformed(path: string, message: string): Error {
  return new Error(`Invalid event pattern at ${path || '<root>'}: ${message}`);
}
