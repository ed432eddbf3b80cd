/**
 * A form from a generator's input JSON Schema (the `input` of GeneratorSummary): one field per
 * top-level property, typed by the schema (text, choice, number, yes/no; anything nested is
 * edited as JSON), with the schema's own constraints checked before sending. The gateway
 * validates again (ajv); this only saves a round trip and says what to fix next to the field.
 * Pure functions, no DOM: the run form renders them, tests call them directly.
 */

export type FieldKind = 'text' | 'choice' | 'number' | 'integer' | 'boolean' | 'json';

export interface FormField {
  readonly name: string;
  readonly kind: FieldKind;
  /** `title`, else the property name. */
  readonly label: string;
  readonly description: string | undefined;
  readonly required: boolean;
  readonly choices: readonly string[];
  readonly defaultValue: unknown;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
  readonly pattern: string | undefined;
  /** Long text (maxLength over 200, or `format: "textarea"`). */
  readonly multiline: boolean;
}

export interface SchemaForm {
  readonly fields: readonly FormField[];
  /** The schema lets more properties through than the fields show (edit them as JSON). */
  readonly openEnded: boolean;
}

/** What the user typed or chose, per field: text for inputs, a boolean for checkboxes. */
export type RawValues = Readonly<Record<string, string | boolean | undefined>>;

type Schema = Readonly<Record<string, unknown>>;

function asSchema(value: unknown): Schema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : undefined;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function typeOf(schema: Schema): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  // ["string", "null"]: the non-null one
  if (Array.isArray(type)) return type.find((entry): entry is string => typeof entry === 'string' && entry !== 'null');
  return undefined;
}

function fieldOf(name: string, schema: Schema, required: boolean): FormField {
  const type = typeOf(schema);
  const enumValues = Array.isArray(schema['enum']) ? schema['enum'] : undefined;
  const constValue = schema['const'];
  let kind: FieldKind;
  let choices: string[] = [];
  if (enumValues && enumValues.every((value): value is string => typeof value === 'string')) {
    kind = 'choice';
    choices = enumValues;
  } else if (typeof constValue === 'string') {
    kind = 'choice';
    choices = [constValue];
  } else if (type === 'string' && !enumValues) kind = 'text';
  else if (type === 'integer') kind = 'integer';
  else if (type === 'number') kind = 'number';
  else if (type === 'boolean') kind = 'boolean';
  else kind = 'json';
  const maxLength = numberOf(schema['maxLength']);
  return {
    name,
    kind,
    label: stringOf(schema['title']) ?? name,
    description: stringOf(schema['description']),
    required,
    choices,
    defaultValue: schema['default'],
    minLength: numberOf(schema['minLength']),
    maxLength,
    minimum: numberOf(schema['minimum']),
    maximum: numberOf(schema['maximum']),
    pattern: stringOf(schema['pattern']),
    multiline: kind === 'text' && ((maxLength !== undefined && maxLength > 200) || schema['format'] === 'textarea'),
  };
}

/** The fields of an object schema; a missing or non-object schema gives one JSON field for the whole input. */
export function formFromSchema(input: unknown): SchemaForm {
  const schema = asSchema(input);
  const properties = asSchema(schema?.['properties']);
  if (!schema || !properties || (typeOf(schema) !== undefined && typeOf(schema) !== 'object')) {
    return { fields: [], openEnded: true };
  }
  const required = new Set(
    Array.isArray(schema['required']) ? schema['required'].filter((name): name is string => typeof name === 'string') : [],
  );
  const fields = Object.entries(properties).map(([name, property]) => fieldOf(name, asSchema(property) ?? {}, required.has(name)));
  // Required fields first, in schema order within each group.
  fields.sort((a, b) => Number(b.required) - Number(a.required));
  return { fields, openEnded: schema['additionalProperties'] !== false };
}

/** The text a field starts with: the initial input's value, else the schema default. */
export function initialRaw(field: FormField, initial: Readonly<Record<string, unknown>>): string | boolean | undefined {
  const value = field.name in initial ? initial[field.name] : field.defaultValue;
  if (value === undefined) return field.kind === 'boolean' ? false : undefined;
  if (field.kind === 'boolean') return value === true;
  if (field.kind === 'json') return JSON.stringify(value, null, 2);
  return typeof value === 'string' ? value : String(value);
}

/** Checks one field; returns its value (absent for an empty optional field) or what to fix. */
function checkField(field: FormField, raw: string | boolean | undefined): { readonly value?: unknown; readonly error?: string } {
  if (field.kind === 'boolean') return { value: raw === true };
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return field.required ? { error: `${field.label} is required.` } : {};
  switch (field.kind) {
    case 'text': {
      if (field.minLength !== undefined && text.length < field.minLength)
        return { error: `${field.label} needs at least ${field.minLength} character${field.minLength === 1 ? '' : 's'}.` };
      if (field.maxLength !== undefined && text.length > field.maxLength)
        return { error: `${field.label} takes at most ${field.maxLength} characters (now ${text.length}).` };
      if (field.pattern !== undefined) {
        let matches = true;
        try {
          matches = new RegExp(field.pattern, 'u').test(text);
        } catch {
          matches = true; // a pattern JavaScript cannot read is left to the gateway
        }
        if (!matches) return { error: `${field.label} does not have the expected form (${field.pattern}).` };
      }
      return { value: text };
    }
    case 'choice':
      return field.choices.includes(text) ? { value: text } : { error: `${field.label} must be one of ${field.choices.join(', ')}.` };
    case 'number':
    case 'integer': {
      const value = Number(text.trim());
      if (!Number.isFinite(value)) return { error: `${field.label} must be a number.` };
      if (field.kind === 'integer' && !Number.isInteger(value)) return { error: `${field.label} must be a whole number.` };
      if (field.minimum !== undefined && value < field.minimum) return { error: `${field.label} must be at least ${field.minimum}.` };
      if (field.maximum !== undefined && value > field.maximum) return { error: `${field.label} must be at most ${field.maximum}.` };
      return { value };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch (error) {
        return { error: `${field.label} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
      }
    default:
      return { value: text };
  }
}

/** The run input from the form, or the errors per field. `extra` is the JSON of open-ended schemas. */
export function collectInput(
  form: SchemaForm,
  raw: RawValues,
  extraJson?: string,
): { readonly input: Record<string, unknown>; readonly errors: Readonly<Record<string, string>> } {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  if (form.openEnded && extraJson !== undefined && extraJson.trim() !== '') {
    try {
      const extra: unknown = JSON.parse(extraJson);
      if (typeof extra !== 'object' || extra === null || Array.isArray(extra))
        errors['$extra'] = 'The extra input must be a JSON object, e.g. { "key": "value" }.';
      else Object.assign(input, extra);
    } catch (error) {
      errors['$extra'] = `The extra input is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  for (const field of form.fields) {
    const checked = checkField(field, raw[field.name]);
    if (checked.error !== undefined) errors[field.name] = checked.error;
    else if ('value' in checked) input[field.name] = checked.value;
  }
  return { input, errors };
}
