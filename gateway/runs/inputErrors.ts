/**
 * What is wrong with a run's input, in words a person can act on: the field, what the generator
 * expects there, and an example. `input must NOT have additional properties` becomes
 * `input.colour is not allowed (generator customer-report takes: month: string)`.
 *
 * The values people typed are never repeated: an input may hold a CPF, and error messages travel
 * to logs and terminals.
 */
import type { ErrorObject } from 'ajv';
import { closestName } from '../closestNames.js';

type Schema = Readonly<Record<string, unknown>>;

function asSchema(value: unknown): Schema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : undefined;
}

function propertiesOf(schema: Schema | undefined): Readonly<Record<string, unknown>> {
  return asSchema(schema?.['properties']) ?? {};
}

/** The value at a JSON pointer (`/a/0/b`) of a document, or undefined. */
function at(document: unknown, pointer: string): unknown {
  let node = document;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The schema object holding the failed keyword (what ajv's `verbose` mode calls parentSchema). */
function parentSchemaOf(root: unknown, error: ErrorObject): Schema | undefined {
  if (!error.schemaPath.startsWith('#')) return undefined;
  return asSchema(at(root, error.schemaPath.slice(1).split('/').slice(0, -1).join('/')));
}

function requiredOf(schema: Schema | undefined): readonly string[] {
  const required = schema?.['required'];
  return Array.isArray(required) ? required.filter((name): name is string => typeof name === 'string') : [];
}

/** `input.month`, `input.options.depth`, `input.items[2]` from a JSON pointer. */
function fieldPath(instancePath: string, child?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (child !== undefined) segments.push(child);
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : `${path}.${segment}`), 'input');
}

/** A field's expected type, TypeScript-like: `string`, `"a" | "b"`, `number[]`. */
export function typeText(schema: unknown): string {
  const node = asSchema(schema);
  if (!node) return 'any value';
  const choices = node['enum'];
  if (Array.isArray(choices)) return choices.map((choice) => JSON.stringify(choice)).join(' | ');
  if ('const' in node) return JSON.stringify(node['const']);
  const type = node['type'];
  if (Array.isArray(type)) return type.join(' | ');
  if (type === 'array') return `${typeText(node['items'])}[]`.replace(/^any value\[\]$/, 'array');
  return typeof type === 'string' ? type : 'any value';
}

/** What an object takes: `service: string, environment?: "development" | "staging"`. */
export function takesText(schema: unknown): string {
  const node = asSchema(schema);
  const required = requiredOf(node);
  const fields = Object.entries(propertiesOf(node)).map(
    ([name, field]) => `${name}${required.includes(name) ? '' : '?'}: ${typeText(field)}`,
  );
  return fields.length > 0 ? fields.join(', ') : 'no fields';
}

/** An example value from the schema (`examples`, else `default`), as JSON. */
function exampleOf(schema: unknown): string | undefined {
  const node = asSchema(schema);
  const examples = node?.['examples'];
  if (Array.isArray(examples) && examples.length > 0) return JSON.stringify(examples[0]);
  if (node && 'default' in node) return JSON.stringify(node['default']);
  return undefined;
}

function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' && Number.isInteger(value) ? 'an integer' : `a ${typeof value}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One problem of one field, without the value. */
function describe(error: ErrorObject, schema: Schema | undefined, data: unknown): string {
  const where = fieldPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params['missingProperty']);
      const field = propertiesOf(schema)[missing];
      const example = exampleOf(field);
      return `${fieldPath(error.instancePath, missing)} is required (${typeText(field)}${example ? `, e.g. ${example}` : ''})`;
    }
    case 'type': {
      const expected = String(params['type']).split(',').map(article).join(' or ');
      return `${where} must be ${expected}, not ${typeOfValue(data)}`;
    }
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'] : [];
      const guess = typeof data === 'string' ? closestName(data, allowed.map(String)) : undefined;
      return `${where} must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}`;
    }
    case 'const':
      return `${where} must be ${JSON.stringify(params['allowedValue'])}`;
    case 'minLength':
      return `${where} must be at least ${plural(Number(params['limit']), 'character')} long`;
    case 'maxLength':
      return `${where} must be at most ${plural(Number(params['limit']), 'character')} long`;
    case 'minItems':
      return `${where} must have at least ${plural(Number(params['limit']), 'item')}`;
    case 'maxItems':
      return `${where} must have at most ${plural(Number(params['limit']), 'item')}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${where} must be ${String(params['comparison'])} ${String(params['limit'])}`;
    case 'pattern': {
      const example = exampleOf(schema);
      return `${where} must match ${String(params['pattern'])}${example ? `, e.g. ${example}` : ''}`;
    }
    case 'format':
      return `${where} must be a valid ${String(params['format'])}`;
    default:
      return `${where} ${error.message ?? 'is not valid'}`;
  }
}

/**
 * Every problem ajv found (with `allErrors`) in `input` against `schema`, one phrase each,
 * fields not allowed grouped by the object they appeared in, each group saying what that object
 * takes.
 */
export function describeInputErrors(generator: string, schema: unknown, input: unknown, errors: readonly ErrorObject[]): string[] {
  const problems: string[] = [];
  const unknownByParent = new Map<string, { fields: string[]; schema: Schema | undefined; index: number }>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') {
      problems.push(describe(error, parentSchemaOf(schema, error), at(input, error.instancePath)));
      continue;
    }
    const extra = String((error.params as { additionalProperty?: unknown }).additionalProperty);
    let group = unknownByParent.get(error.instancePath);
    if (!group) {
      group = { fields: [], schema: parentSchemaOf(schema, error), index: problems.length };
      unknownByParent.set(error.instancePath, group);
      problems.push('');
    }
    group.fields.push(extra);
  }
  for (const [parent, group] of unknownByParent) {
    const known = Object.keys(propertiesOf(group.schema));
    const named = group.fields.map((field) => {
      const guess = closestName(
        field,
        known.filter((name) => !group.fields.includes(name)),
      );
      return `${fieldPath(parent, field)}${guess ? ` (did you mean ${guess}?)` : ''}`;
    });
    const owner = parent === '' ? `generator ${generator}` : fieldPath(parent);
    const verb = named.length === 1 ? 'is' : 'are';
    problems[group.index] = `${named.join(' and ')} ${verb} not allowed (${owner} takes: ${takesText(group.schema)})`;
  }
  return [...new Set(problems)];
}

/** The message of a 400 for input that does not fit the generator's schema. */
export function inputErrorMessage(generator: string, schema: unknown, input: unknown, errors: readonly ErrorObject[]): string {
  const problems = describeInputErrors(generator, schema, input, errors);
  const shown = problems.slice(0, 10);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  return `${shown.join('; ')}${more}.`;
}
