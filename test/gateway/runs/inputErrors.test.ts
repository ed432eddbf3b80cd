import { strict as assert } from 'node:assert';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describeInputErrors, inputErrorMessage, takesText } from '../../../gateway/runs/inputErrors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
// The options of the run service: every error, defaults filled in.
const ajv = addFormats(new Ajv({ allErrors: true, strict: false, useDefaults: true }));

const CUSTOMER_REPORT = {
  type: 'object',
  additionalProperties: false,
  required: ['month'],
  properties: { month: { type: 'string', minLength: 3, maxLength: 40, examples: ['novembro de 2026'] } },
};
const CONFIG_TEMPLATE = {
  type: 'object',
  additionalProperties: false,
  required: ['service'],
  properties: {
    service: { type: 'string', minLength: 1 },
    environment: { type: 'string', enum: ['development', 'staging', 'production'], default: 'staging' },
    replicas: { type: 'integer', minimum: 1, maximum: 10 },
    owner: { type: 'string', format: 'email' },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: { cpu: { type: 'string', pattern: '^[0-9]+m$', examples: ['500m'] } },
    },
  },
};

function problems(generator: string, schema: Record<string, unknown>, input: Record<string, unknown>): string[] {
  const validate = ajv.compile(schema);
  assert.equal(validate(input), false, 'the input should not validate');
  return describeInputErrors(generator, schema, input, validate.errors ?? []);
}

function message(generator: string, schema: Record<string, unknown>, input: Record<string, unknown>): string {
  const validate = ajv.compile(schema);
  assert.equal(validate(input), false, 'the input should not validate');
  return inputErrorMessage(generator, schema, input, validate.errors ?? []);
}

describe('run input errors', () => {
  it('names a field that is not allowed and what the generator takes', () => {
    assert.equal(
      message('customer-report', CUSTOMER_REPORT, { month: 'maio', colour: 'blue' }),
      'input.colour is not allowed (generator customer-report takes: month: string).',
    );
  });

  it('names a missing field with its type and an example', () => {
    assert.deepEqual(problems('customer-report', CUSTOMER_REPORT, {}), ['input.month is required (string, e.g. "novembro de 2026")']);
  });

  it('suggests the field a typo stands for, and groups the unknown fields of one object', () => {
    assert.deepEqual(problems('customer-report', CUSTOMER_REPORT, { mont: 'maio', size: 3 }), [
      'input.month is required (string, e.g. "novembro de 2026")',
      'input.mont (did you mean month?) and input.size are not allowed (generator customer-report takes: month: string)',
    ]);
  });

  it('says what a wrong value should be without repeating the value', () => {
    const cpf = '529.982.247-25';
    const found = problems('config-template', CONFIG_TEMPLATE, {
      service: 'api',
      environment: 'prodution',
      replicas: 20,
      owner: cpf,
      tags: ['a', 'b', 'c'],
      limits: { cpu: 'lots', memory: '1Gi' },
    });
    assert.deepEqual(found, [
      'input.environment must be one of "development", "staging", "production" (did you mean "production"?)',
      'input.replicas must be <= 10',
      'input.owner must be a valid email',
      'input.tags must have at most 2 items',
      'input.limits.memory is not allowed (input.limits takes: cpu?: string)',
      'input.limits.cpu must match ^[0-9]+m$, e.g. "500m"',
    ]);
    assert.ok(!found.join(' ').includes(cpf), 'a value the caller typed is repeated');
  });

  it('says which type was expected and which was given', () => {
    assert.deepEqual(problems('customer-report', CUSTOMER_REPORT, { month: 11 }), ['input.month must be a string, not an integer']);
    assert.deepEqual(problems('config-template', CONFIG_TEMPLATE, { service: '', replicas: 'three' }), [
      'input.service must be at least 1 character long',
      'input.replicas must be an integer, not a string',
    ]);
  });

  it('describes what an object takes, optional fields marked', () => {
    assert.equal(
      takesText(CONFIG_TEMPLATE),
      'service: string, environment?: "development" | "staging" | "production", replicas?: integer, owner?: string, tags?: string[], limits?: object',
    );
    assert.equal(takesText({ type: 'object' }), 'no fields');
  });
});
