/**
 * Validates compose files against the Compose Specification's JSON schema (the copy dclint ships,
 * kept current with the specification: `name`, `include`, `models`…), which rejects unknown keys.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

let cached: ValidateFunction | undefined;

function composeValidator(): ValidateFunction {
  if (cached) return cached;
  const packageJson = createRequire(import.meta.url).resolve('dclint/package.json');
  const schema = JSON.parse(readFileSync(join(dirname(packageJson), 'schemas', 'compose.schema.json'), 'utf8')) as Record<string, unknown>;
  // The schema names its draft by an https URL that Ajv does not register; its keywords are draft-07's.
  const { $schema: _draft, ...body } = schema;
  cached = new Ajv({ allErrors: true, strict: false }).compile(body);
  return cached;
}

/** Problems of a parsed compose file, each with its JSON pointer; empty when it is valid. */
export function composeProblems(compose: unknown): string[] {
  const validate = composeValidator();
  if (validate(compose)) return [];
  return (validate.errors ?? []).map((error) => {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${error.instancePath || '(top level)'}: ${error.message ?? 'invalid'}${extra ? ` ("${extra}")` : ''}`;
  });
}
