/**
 * SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's JSON: `add`, `replace` and `remove`, with
 * or without a path; paths may name a sub-attribute (`name.familyName`), filter a multi-valued
 * attribute (`emails[type eq "work"].value`, `members[value eq "…"]`) or carry a schema URN
 * (`urn:…:enterprise:2.0:User:department`). Operation names are case-insensitive because Entra ID
 * writes `Replace`. The result is read again as a whole resource, so a patch can never produce
 * what a PUT could not.
 */
import { parseFilter } from './filter.js';
import { invalidValue, ScimError } from './errors.js';
import { field, isObject, PATCH_SCHEMA, type ScimObject } from './resources.js';

interface Path {
  /** The object the attribute lives in: the resource, or an extension's object (`urn:…`). */
  readonly extension: string | undefined;
  readonly attribute: string;
  readonly filter: { readonly attribute: string; readonly value: unknown } | undefined;
  readonly sub: string | undefined;
}

const CORE_SCHEMAS = ['urn:ietf:params:scim:schemas:core:2.0:user', 'urn:ietf:params:scim:schemas:core:2.0:group'];

function parsePath(text: string): Path {
  let rest = text.trim();
  let extension: string | undefined;
  if (rest.toLowerCase().startsWith('urn:')) {
    // The URN ends at the last colon before the attribute (which has no colon of its own).
    const bracket = rest.indexOf('[');
    const head = bracket < 0 ? rest : rest.slice(0, bracket);
    const colon = head.lastIndexOf(':');
    const urn = head.slice(0, colon);
    rest = rest.slice(colon + 1);
    if (!CORE_SCHEMAS.includes(urn.toLowerCase())) extension = urn;
  }
  const match = /^([A-Za-z$][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z$][\w$-]*))?$/.exec(rest);
  if (!match) throw new ScimError(400, `the path "${text}" cannot be read`, 'invalidPath');
  let filter: Path['filter'];
  if (match[2] !== undefined) {
    const comparisons = parseFilter(match[2]);
    const [first] = comparisons;
    if (comparisons.length !== 1 || !first) throw new ScimError(400, `the path filter "${match[2]}" must be one comparison`, 'invalidPath');
    filter = { attribute: first.attribute, value: first.value };
  }
  return { extension, attribute: match[1] ?? '', filter, sub: match[3] };
}

/** The key of `name` in `object` as it is spelled there, or `name` itself. */
function keyOf(object: ScimObject, name: string): string {
  return Object.keys(object).find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
}

function container(resource: ScimObject, path: Path, create: boolean): ScimObject | undefined {
  if (path.extension === undefined) return resource;
  const key = keyOf(resource, path.extension);
  const existing = resource[key];
  if (isObject(existing)) return existing;
  if (!create) return undefined;
  const made: ScimObject = {};
  resource[key] = made;
  return made;
}

function matches(element: unknown, filter: NonNullable<Path['filter']>): boolean {
  if (!isObject(element)) return false;
  const value = field(element, filter.attribute);
  return typeof value === 'string' && typeof filter.value === 'string'
    ? value.toLowerCase() === filter.value.toLowerCase()
    : value === filter.value;
}

/** Values are the same member or entry: `{value}` compared by value, anything else by JSON. */
function sameValue(a: unknown, b: unknown): boolean {
  if (isObject(a) && isObject(b) && field(a, 'value') !== undefined) return field(a, 'value') === field(b, 'value');
  return JSON.stringify(a) === JSON.stringify(b);
}

function setAttribute(target: ScimObject, name: string, value: unknown, op: 'add' | 'replace'): void {
  const key = keyOf(target, name);
  const current = target[key];
  if (op === 'add' && Array.isArray(current)) {
    const additions = Array.isArray(value) ? value : [value];
    target[key] = [...current, ...additions.filter((item) => !current.some((existing) => sameValue(existing, item)))];
  } else if (op === 'add' && isObject(current) && isObject(value)) {
    target[key] = { ...current, ...value };
  } else {
    target[key] = value;
  }
}

function applyWithPath(resource: ScimObject, op: 'add' | 'replace' | 'remove', path: Path, value: unknown): void {
  const target = container(resource, path, op !== 'remove');
  if (!target) return;
  const key = keyOf(target, path.attribute);
  if (path.filter === undefined) {
    if (path.sub === undefined) {
      if (op === 'remove') {
        // Entra ID removes members by sending them: `{"op":"Remove","path":"members","value":[{"value":"id"}]}`.
        if (value !== undefined && Array.isArray(target[key])) {
          const drop = Array.isArray(value) ? value : [value];
          target[key] = (target[key] as unknown[]).filter((item) => !drop.some((gone) => sameValue(item, gone)));
        } else delete target[key];
        return;
      }
      setAttribute(target, path.attribute, value, op);
      return;
    }
    const parent = target[key];
    if (op === 'remove') {
      if (isObject(parent)) delete parent[keyOf(parent, path.sub)];
      return;
    }
    const object: ScimObject = isObject(parent) ? parent : {};
    target[key] = object;
    setAttribute(object, path.sub, value, op);
    return;
  }
  const filter = path.filter;
  const list = Array.isArray(target[key]) ? (target[key] as unknown[]) : [];
  if (op === 'remove') {
    target[key] =
      path.sub === undefined
        ? list.filter((element) => !matches(element, filter))
        : list.map((element) => {
            if (!matches(element, filter) || !isObject(element)) return element;
            const copy = { ...element };
            delete copy[keyOf(copy, path.sub ?? '')];
            return copy;
          });
    return;
  }
  const hits = list.filter((element) => matches(element, filter));
  if (hits.length === 0) {
    // An IdP sets `emails[type eq "work"].value` on a user with no work e-mail yet: create it.
    const created: ScimObject = { [filter.attribute.split('.').pop() ?? filter.attribute]: filter.value };
    if (path.sub !== undefined) created[path.sub] = value;
    else if (isObject(value)) Object.assign(created, value);
    target[key] = [...list, created];
    return;
  }
  target[key] = list.map((element) => {
    if (!matches(element, filter) || !isObject(element)) return element;
    if (path.sub !== undefined) return { ...element, [keyOf(element, path.sub)]: value };
    return isObject(value) ? { ...element, ...value } : value;
  });
}

/** Applies a PatchOp body to a copy of `resource` and returns the copy. */
export function applyPatch(resource: ScimObject, body: unknown): ScimObject {
  if (!isObject(body)) throw new ScimError(400, 'the body must be a SCIM PatchOp', 'invalidSyntax');
  const schemas = field(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_SCHEMA))
    throw new ScimError(400, `a PATCH body must list "${PATCH_SCHEMA}" in schemas`, 'invalidSyntax');
  const operations = field(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) throw invalidValue('Operations must list at least one operation');
  const result = structuredClone(resource);
  for (const [index, operation] of operations.entries()) {
    if (!isObject(operation)) throw invalidValue(`Operations[${index}] must be an object`);
    const op = String(field(operation, 'op') ?? '').toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw invalidValue(`Operations[${index}].op must be add, replace or remove`);
    const pathText = field(operation, 'path');
    const value = field(operation, 'value');
    if (pathText === undefined || pathText === '') {
      if (op === 'remove') throw new ScimError(400, `Operations[${index}]: remove needs a path`, 'noTarget');
      if (!isObject(value)) throw invalidValue(`Operations[${index}]: without a path, value must be an object of attributes`);
      for (const [name, attributeValue] of Object.entries(value)) {
        // An extension's attributes come as one object under its URN.
        if (name.toLowerCase().startsWith('urn:') && isObject(attributeValue)) {
          const key = keyOf(result, name);
          result[key] = { ...(isObject(result[key]) ? result[key] : {}), ...attributeValue };
        } else applyWithPath(result, op, parsePath(name), attributeValue);
      }
      continue;
    }
    if (typeof pathText !== 'string') throw new ScimError(400, `Operations[${index}].path must be a string`, 'invalidPath');
    if (op !== 'remove' && value === undefined) throw invalidValue(`Operations[${index}]: ${op} needs a value`);
    applyWithPath(result, op, parsePath(pathText), value);
  }
  return result;
}
