/**
 * Route tables: what an upstream kind serves through `/proxy`. The gateway forwards a path only
 * when it knows what that path is (so it knows how to parse, inspect and check it), and it matches
 * the path exactly as it will forward it: one canonical spelling, nothing a runtime's router could
 * read differently (`..`, `%2F`, `//`, `\`, `;params`). Two upstreams that share an origin stay two
 * different things: each serves only its own kind's routes.
 */
import { GateError } from '../errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface RouteSpec<T> {
  readonly methods: readonly Method[] | '*';
  /** `/api/runs/{id}/messages`; a final `/*` matches any rest. A trailing slash is optional. */
  readonly path: string;
  /** What the kind does with it (ownership, inspection, list filtering). */
  readonly meta: T;
}

export interface RouteMatch<T> {
  readonly spec: RouteSpec<T>;
  /** Values of `{name}` segments. */
  readonly params: Readonly<Record<string, string>>;
}

interface Compiled<T> {
  readonly spec: RouteSpec<T>;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/** One segment as the gateway accepts it: unreserved and sub-delims characters, no `%`, no `;`. */
const SEGMENT = /^[A-Za-z0-9._~!$&'()*+,=:@-]+$/;

export class RouteTable<T> {
  private readonly routes: readonly Compiled<T>[];

  constructor(specs: readonly RouteSpec<T>[]) {
    this.routes = specs.map((spec) => {
      const names: string[] = [];
      const body = spec.path
        .replace(/\/+$/, '')
        .split('/')
        .map((segment) => {
          if (segment === '*') return '(?:/.*)?';
          const param = /^\{([A-Za-z_]+)\}$/.exec(segment);
          if (param) {
            names.push(param[1] ?? '');
            return '/([^/]+)';
          }
          return segment === '' ? '' : `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
        })
        .join('');
      return { spec, pattern: new RegExp(`^${body}/?$`), names };
    });
  }

  match(method: string, path: string): RouteMatch<T> | undefined {
    for (const route of this.routes) {
      if (route.spec.methods !== '*' && !route.spec.methods.includes(method as Method)) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => (params[name] = found[index + 1] ?? ''));
      return { spec: route.spec, params };
    }
    return undefined;
  }
}

/** Parses `METHOD /path` patterns of an upstream's `routes` setting. */
export function configuredRoutes<T>(lines: readonly string[], meta: T): RouteSpec<T>[] {
  return lines.map((line) => {
    const [method = '*', path = '/'] = line.split(' ') as [Method | '*', string];
    return { methods: method === '*' ? '*' : [method], path, meta };
  });
}

export interface CanonicalTarget {
  /** The path, exactly as it will be forwarded. */
  readonly path: string;
  readonly query: URLSearchParams;
}

/**
 * The request target as the gateway forwards it. A path spelled so that a runtime could read it
 * differently from the gateway is not a route the gateway serves: 404, like any unknown path.
 * `rest` is what follows `/proxy/{upstream}`.
 */
export function canonicalTarget(rest: string): CanonicalTarget {
  const at = rest.indexOf('?');
  const path = at === -1 ? rest : rest.slice(0, at);
  const query = new URLSearchParams(at === -1 ? '' : rest.slice(at + 1));
  const segments = path.split('/').slice(1);
  const bad = (why: string): GateError =>
    new GateError('not_found', 404, `No route is served at this path: ${why}. Spell it plainly, as the API documents it.`);
  if (!path.startsWith('/')) throw bad('it does not start with /');
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (segment === '' && !last) throw bad('it has an empty segment (//)');
    if (segment === '.' || segment === '..') throw bad('it has a dot segment');
    if (segment !== '' && !SEGMENT.test(segment))
      throw bad('it has percent-encoding, a backslash, a parameter (;) or a character outside the URL path alphabet');
  }
  return { path, query };
}
