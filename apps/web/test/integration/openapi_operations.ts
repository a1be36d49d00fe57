/**
 * The operations of the served OpenAPI document, read for the attack and fuzz suites:
 * each operation's method, path template, path and query parameters and request body
 * schema ($refs resolved), which of its inputs take an id (format uuid, or a name that is
 * `id` or ends in `_id`), and a plausible value for any input built from its schema — so a
 * new operation in the document is covered without touching the suites.
 *
 * Randomness comes from `seededRandom` (mulberry32): the same seed gives the same run.
 */
export type Json = Record<string, unknown>;

export interface Parameter {
  name: string;
  schema: Json;
  required: boolean;
}

export interface Operation {
  operationId: string;
  method: string;
  /** the template, e.g. /customers/customers/{id} */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** the JSON request body's schema, or null when the operation takes none */
  body: Json | null;
  /** false where the operation needs no credentials (security: []) */
  authenticated: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Follows $ref pointers inside the document. */
export function resolveSchema(doc: Json, schema: unknown): Json {
  let node = (schema ?? {}) as Json;
  while (typeof node.$ref === 'string') {
    node = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<Json>((at, key) => at[key] as Json, doc);
  }
  return node;
}

export function operationsOf(doc: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const params = ((op.parameters as Json[] | undefined) ?? []).map((p) => resolveSchema(doc, p));
      const toParameter = (p: Json): Parameter => ({
        name: String(p.name),
        schema: resolveSchema(doc, p.schema),
        required: p.required === true,
      });
      const content = (resolveSchema(doc, op.requestBody).content as Json | undefined)?.[
        'application/json'
      ] as Json | undefined;
      operations.push({
        operationId: String(op.operationId ?? `${method} ${path}`),
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map(toParameter),
        queryParams: params.filter((p) => p.in === 'query').map(toParameter),
        body: content?.schema ? resolveSchema(doc, content.schema) : null,
        authenticated: !(Array.isArray(op.security) && op.security.length === 0),
      });
    }
  }
  return operations;
}

/** The branches a value may take: anyOf/oneOf flattened, `type: [a, b]` split. */
function branches(doc: Json, schema: Json): Json[] {
  const s = resolveSchema(doc, schema);
  const union = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (union) return union.flatMap((b) => branches(doc, b));
  if (Array.isArray(s.type)) return (s.type as string[]).map((type) => ({ ...s, type }));
  return [s];
}

/**
 * Does this input take an id: format uuid in any branch, or a name `id` / `*_id` on a
 * string with no pattern of its own (a `national_id` of 16 digits is no row's id).
 */
export function takesId(doc: Json, name: string, schema: Json): boolean {
  const options = branches(doc, schema);
  if (options.some((b) => b.format === 'uuid')) return true;
  return (name === 'id' || name.endsWith('_id')) && options.some((b) => b.type === 'string' && b.pattern === undefined);
}

export type Random = () => number;

/** mulberry32: a small, fast, seeded PRNG in [0, 1). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

export interface SampleContext {
  /** the id to put in an input that takes one (its name, e.g. plan_id or id) */
  idFor(name: string): string;
  /** a number that makes unique values unique (codes, e-mails, names) */
  serial(): number;
}

/** Strings tried, in order, against a pattern: the first that matches is used. */
function patternCandidates(n: number): string[] {
  const tag = String(n).padStart(4, '0');
  return [
    `ATK-${tag}`,
    `atk.${tag}`,
    `32010101010${tag.slice(-4)}1`.slice(0, 16),
    '2026-11-05',
    '2026-11',
    `0812${tag}7890`.slice(0, 12),
    `atk-${tag}`,
  ];
}

function sampleString(name: string, s: Json, ctx: SampleContext): string {
  const n = ctx.serial();
  if (s.format === 'uuid') return ctx.idFor(name);
  if (s.format === 'email' || name === 'email') return `atk${n}@sinarnet.demo`;
  if (s.format === 'date-time' || name.endsWith('_at')) return '2026-11-20T08:00:00.000Z';
  if (s.format === 'date') return '2026-11-05';
  if (typeof s.pattern === 'string') {
    const re = new RegExp(s.pattern, 'u');
    const found = patternCandidates(n).find((c) => re.test(c));
    if (found) return found;
  }
  // letters, digits and dashes: a valid name, host name, profile or reason alike
  let value = name === 'phone' ? `0812${String(n).padStart(7, '0')}` : `atk-${name.replace(/_/g, '-')}-${n}`;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  if (value.length > max) value = value.slice(0, max);
  while (value.length < min) value += 'x';
  return value;
}

/**
 * A plausible value for a schema: the first non-null branch, every property of an object
 * (optional ones too: an optional id is still an id to try), numbers inside their bounds.
 */
export function sampleValue(doc: Json, name: string, schema: Json, ctx: SampleContext, depth = 0): unknown {
  const options = branches(doc, schema);
  const s = options.find((b) => b.type !== 'null') ?? options[0] ?? {};
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (Array.isArray(s.allOf)) {
    const merged = Object.assign({}, ...(s.allOf as Json[]).map((b) => resolveSchema(doc, b))) as Json;
    return sampleValue(doc, name, merged, ctx, depth);
  }
  if (takesId(doc, name, s) && s.type === 'string') return ctx.idFor(name);
  switch (s.type) {
    case 'string':
      return sampleString(name, s, ctx);
    case 'integer':
    case 'number': {
      const min =
        typeof s.exclusiveMinimum === 'number'
          ? s.exclusiveMinimum + 1
          : typeof s.minimum === 'number'
            ? s.minimum
            : 1;
      const max = typeof s.maximum === 'number' ? s.maximum : Number.MAX_SAFE_INTEGER;
      const value = Math.min(Math.max(1000, min), max);
      return s.type === 'integer' ? Math.ceil(value) : value;
    }
    case 'boolean':
      return false;
    case 'array': {
      const count = Math.max(1, typeof s.minItems === 'number' ? s.minItems : 1);
      return Array.from({ length: count }, () => sampleValue(doc, name, resolveSchema(doc, s.items), ctx, depth + 1));
    }
    case 'object':
    default: {
      if (depth > 6 || !s.properties) return {};
      return Object.fromEntries(
        Object.entries(s.properties as Record<string, Json>).map(([key, value]) => [
          key,
          sampleValue(doc, key, value, ctx, depth + 1),
        ]),
      );
    }
  }
}

/** The names of the body's top-level inputs that take an id. */
export function idFieldsOf(doc: Json, body: Json | null): string[] {
  if (!body?.properties) return [];
  return Object.entries(body.properties as Record<string, Json>)
    .filter(([key, value]) => takesId(doc, key, value))
    .map(([key]) => key);
}

/** The URL path (no base) for a template and its path values, each encoded. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, key: string) => encodeURIComponent(values[key] ?? ''));
}

/** A query string from values; undefined values are left out. */
export function queryString(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    params.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
