/**
 * Validates a run's input against its generator's JSON Schema (Ajv) and the fields its task
 * template needs; inputErrors.ts says precisely what is wrong.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { GeneratorConfig } from '../config/types.js';
import { GateError } from '../errors.js';
import { taskFields } from '../proxy/generatorAdapters.js';
import { inputErrorMessage, takesText } from './inputErrors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

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
        `"input" must be a JSON object (generator ${generator.name} takes ${takesText(generator.input)}).`,
      );
    }
    const record = input as Record<string, unknown>;
    const validate = this.validators.get(generator.name);
    if (validate && !validate(record))
      throw new GateError('bad_request', 400, inputErrorMessage(generator.name, generator.input, record, validate.errors ?? []));
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
