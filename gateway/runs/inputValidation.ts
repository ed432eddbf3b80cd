/**
 * Validates a run's input against its generator's JSON Schema (Ajv) and the fields its task
 * template needs, and says precisely what is wrong: the unknown field and what the generator
 * takes, the missing field and its type, the wrong type and the expected one.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { GeneratorConfig } from '../config/types.js';
import { GateError } from '../errors.js';
import { taskFields } from '../proxy/generatorAdapters.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Schema = Readonly<Record<string, unknown>>;

function propertiesOf(schema: Schema | undefined): Readonly<Record<string, Schema>> {
  const properties = schema?.['properties'];
  return typeof properties === 'object' && properties !== null ? (properties as Record<string, Schema>) : {};
}

/** `string`, `string, e.g. "novembro de 2026"`, `one of development, staging`. */
function describeField(schema: Schema | undefined): string {
  if (!schema) return 'any value';
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues)) return `one of ${enumValues.map((value) => JSON.stringify(value)).join(', ')}`;
  const type = Array.isArray(schema['type']) ? (schema['type'] as unknown[]).join(' or ') : String(schema['type'] ?? 'any value');
  const examples = schema['examples'];
  const example = Array.isArray(examples) && examples.length > 0 ? `, e.g. ${JSON.stringify(examples[0])}` : '';
  return `${type}${example}`;
}

function fieldAt(root: Schema | undefined, instancePath: string): { name: string; schema: Schema | undefined } {
  const segments = instancePath.split('/').slice(1);
  let schema = root;
  for (const segment of segments) schema = propertiesOf(schema)[segment];
  return { name: segments.length > 0 ? `input.${segments.join('.')}` : 'input', schema };
}

function takes(root: Schema | undefined): string {
  const entries = Object.entries(propertiesOf(root));
  return entries.length === 0 ? 'no fields' : entries.map(([name, schema]) => `${name}: ${describeField(schema)}`).join('; ');
}

function describeError(generator: GeneratorConfig, error: ErrorObject): string {
  const root = generator.input;
  const { name, schema } = fieldAt(root, error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty?: unknown }).additionalProperty);
      return `${name}.${extra} is not a field of generator ${generator.name} (it takes ${takes(schema)})`;
    }
    case 'required': {
      const missing = String((error.params as { missingProperty?: unknown }).missingProperty);
      return `${name}.${missing} is required (${describeField(propertiesOf(schema)[missing])})`;
    }
    case 'type':
      return `${name} must be ${String((error.params as { type?: unknown }).type)} (${describeField(schema)})`;
    case 'enum':
      return `${name} must be ${describeField(schema)}`;
    default:
      return `${name} ${error.message ?? 'is invalid'} (${describeField(schema)})`;
  }
}

export class InputValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(generators: Iterable<GeneratorConfig>) {
    const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
    addFormats(ajv);
    for (const generator of generators)
      if (generator.input !== undefined) this.validators.set(generator.name, ajv.compile(generator.input));
  }

  /** The run's input (defaults filled in), or the 400 that says what to fix. */
  validate(generator: GeneratorConfig, body: unknown): Readonly<Record<string, unknown>> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new GateError('bad_request', 400, 'The body must be a JSON object: { "input": { ... } }.');
    }
    const extra = Object.keys(body).filter((key) => key !== 'input');
    if (extra.length > 0)
      throw new GateError(
        'bad_request',
        400,
        `The body takes only "input"; remove ${extra
          .slice(0, 5)
          .map((key) => JSON.stringify(key))
          .join(', ')}.`,
      );
    const input = (body as { input?: unknown }).input ?? {};
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new GateError(
        'bad_request',
        400,
        `"input" must be a JSON object (generator ${generator.name} takes ${takes(generator.input)}).`,
      );
    }
    const record = input as Record<string, unknown>;
    const validate = this.validators.get(generator.name);
    if (validate && !validate(record)) {
      const problems = (validate.errors ?? []).slice(0, 10).map((error) => describeError(generator, error));
      throw new GateError('bad_request', 400, `The input does not fit generator ${generator.name}: ${[...new Set(problems)].join('; ')}.`);
    }
    const missing = taskFields(generator.task).filter((field) => record[field] === undefined);
    if (missing.length > 0) {
      throw new GateError(
        'bad_request',
        400,
        `Generator ${generator.name} needs input field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
      );
    }
    return record;
  }
}
