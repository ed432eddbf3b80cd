/**
 * A generator's definition, and its hash: what a reviewer reads and pins. It is everything that
 * decides what a run does to personal data: the upstream it runs on (and, for http upstreams, the
 * path it posts to), the task template, the input schema, and the AutoGen team config, which
 * carries any source code its tools run (a FunctionTool's `source_code` is part of it). The hash
 * is SHA-256 over canonical JSON, so it does not depend on key order or YAML layout: reformatting
 * the policy file keeps the pin, changing one character of the team breaks it.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical.js';
import type { GeneratorConfig, UpstreamConfig } from '../config/types.js';

/** Names the definition's shape, so a later change of what is hashed cannot match an old pin by accident. */
export const DEFINITION_FORMAT = 'autogen-gate.generator-definition/1';

export interface GeneratorDefinition {
  readonly format: typeof DEFINITION_FORMAT;
  readonly upstream: { readonly name: string; readonly type: string };
  /** http upstreams: where the input is posted. */
  readonly path: string | null;
  readonly task: string | null;
  readonly input: Readonly<Record<string, unknown>> | null;
  readonly team: Readonly<Record<string, unknown>> | null;
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

export function definitionOf(generator: GeneratorConfig, upstream: UpstreamConfig | undefined): GeneratorDefinition {
  const type = upstream?.type ?? 'unknown';
  return {
    format: DEFINITION_FORMAT,
    upstream: { name: generator.upstream, type },
    path: type === 'http' ? generator.path : null,
    task: generator.task ?? null,
    input: generator.input ?? null,
    team: generator.team ?? null,
  };
}

/** `sha256:<hex>` of the definition's canonical JSON: what `pinned` must say. */
export function definitionHash(definition: GeneratorDefinition): string {
  return sha256(canonicalJson(definition));
}

/**
 * The hash a raw AutoGen Studio `start` frame's team is matched on: the team config alone (the
 * task of a raw run is free text), canonical JSON, so key order and whitespace do not matter.
 */
export function teamHash(team: unknown): string {
  return sha256(canonicalJson(team ?? null));
}
