/**
 * Loads `autogen-gate.yaml`: parse, validate against the schema, check cross-references, resolve
 * paths, normalise. Any problem stops start-up with a ConfigError whose issues name the key (and
 * its line), say what is expected and show a valid example.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { LineCounter, parseDocument, stringify, isNode } from 'yaml';
import { configSchema } from './schema.js';
import { parseDuration } from './duration.js';
import { defaultBodyBytesInFlight, defaultEventBytesInFlight } from './heap.js';
import { closestName } from '../closestNames.js';
import { BUILTIN_PROFILE, normalizeMasking, type RawMaskingSection } from '../masking/config.js';
import { normalizeEvidence, type RawEvidenceSection } from '../evidence/config.js';
import { normalizeRetention, type RawRetentionSection } from '../retention/config.js';
import { approvalsIssues, normalizeApprovals, type RawApprovalsSection } from '../approvals/config.js';
import { normalizeStore, type RawStoreSection } from '../store/config.js';
import { normalizeGovernance, normalizeRegistration, type RawGovernanceSection, type RawRegistration } from '../governance/config.js';
import type {
  ApprovalRequirement,
  ClaimMatcher,
  GatewayConfig,
  GeneratorConfig,
  IdentityKind,
  IssuerConfig,
  OutputFormat,
  Quorum,
  RateLimitConfig,
  RuleConfig,
  UpstreamConfig,
  UpstreamType,
} from './types.js';

/** One problem in the policy file. */
export interface ConfigIssue {
  /** Dotted path of the key, e.g. `rules[2].decision`. */
  readonly path: string;
  /** 1-based line in the file, when known. */
  readonly line: number | undefined;
  readonly message: string;
  /** A valid value for that key, rendered as YAML. */
  readonly example: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'invalid_config';
  readonly file: string;
  readonly issues: readonly ConfigIssue[];

  constructor(file: string, issues: readonly ConfigIssue[]) {
    super(formatIssues(file, issues));
    this.file = file;
    this.issues = issues;
  }
}

function formatIssues(file: string, issues: readonly ConfigIssue[]): string {
  const lines = [`${file} is not a valid AutoGen Gate policy (${issues.length} problem${issues.length === 1 ? '' : 's'}):`];
  for (const issue of issues) {
    lines.push(`  - ${issue.line === undefined ? '' : `line ${issue.line}: `}${issue.path || '(top level)'}: ${issue.message}`);
    if (issue.example !== undefined) {
      lines.push(`    for example:`);
      for (const exampleLine of issue.example.trimEnd().split('\n')) lines.push(`      ${exampleLine}`);
    }
  }
  return lines.join('\n');
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
let cachedValidator: ReturnType<Ajv['compile']> | undefined;
function validator(): ReturnType<Ajv['compile']> {
  if (cachedValidator) return cachedValidator;
  const ajv = new Ajv({ allErrors: true, verbose: true, useDefaults: true, strict: false });
  addFormats(ajv);
  cachedValidator = ajv.compile(configSchema);
  return cachedValidator;
}

type Segment = string | number;

function pointerToSegments(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part));
}

function segmentsToPath(segments: readonly Segment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

function exampleOf(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const examples = (schema as { examples?: unknown }).examples;
  if (!Array.isArray(examples) || examples.length === 0) return undefined;
  return stringify(examples[0]).trimEnd();
}

/** Wraps an example in the key it belongs to, so it can be pasted. */
function exampleFor(key: Segment | undefined, schema: unknown): string | undefined {
  const example = exampleOf(schema);
  if (example === undefined) return undefined;
  if (typeof key !== 'string') return example;
  const indented =
    example.includes('\n') || /^[-{[]|: /.test(example)
      ? `\n${example
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}`
      : ` ${example}`;
  return `${key}:${indented}`;
}

function describeAjvError(error: ErrorObject): { segments: Segment[]; message: string; example: string | undefined } {
  const segments = pointerToSegments(error.instancePath);
  const key = segments[segments.length - 1];
  const got = error.data === undefined ? '' : ` (got ${JSON.stringify(error.data)?.slice(0, 80)})`;
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const suggestion = closestName(extra, known);
      return {
        segments: [...segments, extra],
        message: `unknown key "${extra}"${suggestion ? `; did you mean "${suggestion}"?` : known.length > 0 ? `; expected one of: ${known.join(', ')}` : ''}`,
        example: exampleOf(error.parentSchema),
      };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const childSchema = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.[missing];
      return {
        segments: [...segments, missing],
        message: `"${missing}" is required`,
        example: exampleFor(missing, childSchema) ?? exampleOf(error.parentSchema),
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
      const suggestion =
        typeof error.data === 'string'
          ? closestName(error.data, (error.params as { allowedValues: unknown[] }).allowedValues.map(String))
          : undefined;
      return {
        segments,
        message: `must be one of ${allowed}${got}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        example: exampleFor(key, error.parentSchema),
      };
    }
    case 'pattern': {
      const pattern = String((error.params as { pattern: string }).pattern);
      const hint = pattern.includes('ms|s|m|h|d')
        ? 'must be a duration such as 30s, 15m, 24h or 7d'
        : pattern.includes('(env|file)')
          ? 'must be a secret reference (env:NAME or file:PATH); secrets are never written inline'
          : `must match ${pattern}`;
      return { segments, message: `${hint}${got}`, example: exampleFor(key, error.parentSchema) };
    }
    case 'type':
      return {
        segments,
        message: `must be ${(error.params as { type: string }).type}${got}`,
        example: exampleFor(key, error.parentSchema),
      };
    case 'const':
      return {
        segments,
        message: `must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}${got}`,
        example: exampleFor(key, error.parentSchema),
      };
    case 'format':
      return {
        segments,
        message: `must be a valid ${(error.params as { format: string }).format}${got}`,
        example: exampleFor(key, error.parentSchema),
      };
    default:
      return { segments, message: `${error.message ?? 'is invalid'}${got}`, example: exampleFor(key, error.parentSchema) };
  }
}

/** Keeps the most useful Ajv errors: drops the umbrella errors of oneOf/if when a precise one exists. */
function usefulErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const precise = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if' && e.keyword !== 'anyOf');
  const byPath = new Map<string, ErrorObject>();
  for (const error of precise.length > 0 ? precise : errors) {
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (!byPath.has(key)) byPath.set(key, error);
  }
  // Inside a oneOf, several branches fail at the same path: keep one message per path.
  const seen = new Set<string>();
  return [...byPath.values()].filter((error) => {
    if (error.keyword === 'type' || error.keyword === 'enum' || error.keyword === 'const') {
      const path = error.instancePath;
      if (seen.has(path)) return false;
      seen.add(path);
    }
    return true;
  });
}

export interface LoadOptions {
  /** Overrides for server.host/port (CLI flags), applied after validation. */
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly dataDir?: string | undefined;
}

/** Reads, validates and normalises a policy file. Throws ConfigError on any problem. */
export function loadConfig(path: string, options: LoadOptions = {}): GatewayConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [
      { path: '', line: undefined, message: `cannot read the file: ${(error as Error).message}`, example: undefined },
    ]);
  }
  return parseConfig(text, file, options);
}

/** Validates policy text already read (from `file`, which anchors relative paths). */
export function parseConfig(text: string, file: string, options: LoadOptions = {}): GatewayConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((error) => ({
        path: '',
        line: error.linePos?.[0]?.line,
        message: `YAML syntax: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
        example: undefined,
      })),
    );
  }
  const raw: unknown = document.toJS();
  const lineOf = (segments: readonly Segment[]): number | undefined => {
    for (let n = segments.length; n >= 0; n--) {
      const node: unknown = document.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };

  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, [
      {
        path: '',
        line: 1,
        message: 'the file must be a YAML mapping (key: value)',
        example: 'version: 1\nidentity: ...\nupstreams: ...\nrules: ...',
      },
    ]);
  }

  const validate = validator();
  if (!validate(raw)) {
    const issues = usefulErrors(validate.errors ?? []).map((error) => {
      const described = describeAjvError(error);
      return {
        path: segmentsToPath(described.segments),
        line: lineOf(described.segments),
        message: described.message,
        example: described.example,
      };
    });
    throw new ConfigError(file, issues);
  }

  const baseDir = dirname(file);
  const version = createHash('sha256').update(text).digest('hex');
  return normalize(raw as RawConfig, { file, baseDir, version, lineOf, options });
}

// ---- normalisation and cross-reference checks -------------------------------------------------

interface RawIssuer {
  id: string;
  issuer: string;
  audience: string | string[];
  jwksUri?: string;
  algorithms: string[];
  groupsClaim: string;
  nameClaim: string;
  kind: 'auto' | IdentityKind;
  recordClaims: string[];
}
interface RawUpstream {
  type: UpstreamType;
  url: string;
  timeout: string;
  connectTimeout: string;
  healthPath: string;
  masking?: string;
  routes?: string[];
  forwardHeaders: string[];
  headers: Record<string, string>;
  uninspectable: 'refuse' | 'passthrough';
}
interface RawRateLimit {
  requests: number;
  per: string;
  burst?: number;
}
interface RawLimits {
  perIdentity: RawRateLimit | false;
  perClient: RawRateLimit | false;
}
interface RawGenerator extends RawRegistration {
  upstream: string;
  description?: string;
  personalData: boolean;
  masking?: string;
  output: OutputFormat;
  input?: Record<string, unknown>;
  task?: string;
  team?: Record<string, unknown>;
  path: string;
}
interface RawRule {
  id: string;
  description?: string;
  generators?: string[];
  upstreams?: string[];
  models?: string[];
  codeExecution?: boolean;
  when: { groups?: string[]; issuers?: string[]; kinds?: IdentityKind[]; subjects?: string[]; claims?: Record<string, string | string[]> };
  decision: 'allow' | 'deny' | 'approval';
  approval?: { approvers: string[]; quorum: Quorum; pendingTtl: string; validFor: string };
}
interface RawConfig {
  dataDir: string;
  server: {
    host: string;
    port: number;
    publicUrl?: string;
    trustProxy: boolean;
    bodyLimit: string;
    maxResponseBytes: number;
    maskingBytes: number;
    maskingQueue: number;
    maskingQueueWait: string;
    shutdownGrace: string;
    heapMb: number;
    bodyBytesInFlight?: number;
    bodyBytesWait: string;
    eventBytesInFlight?: number;
    eventBytesWait: string;
  };
  limits: RawLimits;
  store: RawStoreSection;
  identity: { clockTolerance: string; jwksCacheMaxAge: string; issuers: RawIssuer[] };
  upstreams: Record<string, RawUpstream>;
  generators: Record<string, RawGenerator>;
  rules: RawRule[];
  masking: RawMaskingSection;
  retention: RawRetentionSection;
  evidence: RawEvidenceSection;
  approvals: RawApprovalsSection;
  governance: RawGovernanceSection;
  access: { auditors: string[] };
}

interface NormalizeContext {
  readonly file: string;
  readonly baseDir: string;
  readonly version: string;
  readonly lineOf: (segments: readonly Segment[]) => number | undefined;
  readonly options: LoadOptions;
}

/** Masking is on unless a section says `none`: an omitted profile means the built-in one. */
function maskingProfileOf(name: string | undefined): string | undefined {
  if (name === 'none') return undefined;
  return name ?? BUILTIN_PROFILE;
}

function inputSchemaCompiler(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

function ms(text: string): number {
  const value = parseDuration(text);
  if (value === undefined) throw new Error(`unvalidated duration ${text}`);
  return value;
}

function rateLimitOf(raw: RawRateLimit | false): RateLimitConfig | undefined {
  if (raw === false) return undefined;
  return { requests: raw.requests, perMs: ms(raw.per), burst: raw.burst ?? raw.requests };
}

/** `512kb`, `1mb`, `900b` (the schema's pattern) in bytes. */
function sizeInBytes(text: string): number {
  const match = /^([0-9]+)(b|kb|mb)$/.exec(text);
  if (!match) throw new Error(`size ${text} passed the schema but is not a size`);
  const unit = match[2] === 'mb' ? 1024 * 1024 : match[2] === 'kb' ? 1024 : 1;
  return Number(match[1]) * unit;
}

function normalize(raw: RawConfig, ctx: NormalizeContext): GatewayConfig {
  const issues: ConfigIssue[] = [];
  const problem = (segments: Segment[], message: string, example?: string): void => {
    issues.push({ path: segmentsToPath(segments), line: ctx.lineOf(segments), message, example });
  };

  const masking = normalizeMasking(raw.masking);
  const profileNames = [...masking.profiles.keys()];
  const checkProfile = (segments: Segment[], name: string | undefined): void => {
    if (name !== undefined && !masking.profiles.has(name)) {
      problem(segments, `unknown masking profile "${name}"; defined: ${profileNames.join(', ')}`, `masking: ${profileNames[0] ?? 'lgpd'}`);
    }
  };

  const issuerIds = new Set<string>();
  const issuers: IssuerConfig[] = raw.identity.issuers.map((issuer, index) => {
    if (issuerIds.has(issuer.id)) problem(['identity', 'issuers', index, 'id'], `issuer id "${issuer.id}" is used twice`);
    issuerIds.add(issuer.id);
    return {
      id: issuer.id,
      issuer: issuer.issuer,
      audiences: Array.isArray(issuer.audience) ? issuer.audience : [issuer.audience],
      jwksUri: issuer.jwksUri,
      algorithms: issuer.algorithms,
      groupsClaim: issuer.groupsClaim,
      nameClaim: issuer.nameClaim,
      kind: issuer.kind,
      recordClaims: issuer.recordClaims,
    };
  });

  const upstreams = new Map<string, UpstreamConfig>();
  for (const [name, upstream] of Object.entries(raw.upstreams)) {
    const upstreamMasking = maskingProfileOf(upstream.masking);
    checkProfile(['upstreams', name, 'masking'], upstreamMasking);
    upstreams.set(name, {
      name,
      type: upstream.type,
      url: upstream.url.replace(/\/+$/, ''),
      timeoutMs: ms(upstream.timeout),
      connectTimeoutMs: ms(upstream.connectTimeout),
      healthPath: upstream.healthPath,
      masking: upstreamMasking,
      routes: upstream.routes,
      forwardHeaders: new Set(upstream.forwardHeaders.map((name) => name.toLowerCase())),
      headers: new Map(Object.entries(upstream.headers).map(([name, ref]) => [name.toLowerCase(), ref])),
      uninspectable: upstream.uninspectable,
    });
  }

  const generators = new Map<string, GeneratorConfig>();
  for (const [name, generator] of Object.entries(raw.generators)) {
    const upstream = upstreams.get(generator.upstream);
    if (!upstream) {
      problem(
        ['generators', name, 'upstream'],
        `unknown upstream "${generator.upstream}"; defined: ${[...upstreams.keys()].join(', ')}`,
        `upstream: ${[...upstreams.keys()][0] ?? 'autogen'}`,
      );
    } else if (upstream.type === 'openai') {
      problem(
        ['generators', name, 'upstream'],
        `upstream "${generator.upstream}" is a model API (type openai); generators run on autogen-studio or http upstreams`,
      );
    } else if (upstream.type === 'autogen-studio' && generator.team === undefined) {
      problem(
        ['generators', name],
        `an autogen-studio generator needs "team" (the team_config to run)`,
        'team:\n  provider: autogen_agentchat.teams.RoundRobinGroupChat\n  component_type: team\n  config: {}',
      );
    }
    const generatorMasking = maskingProfileOf(generator.masking);
    checkProfile(['generators', name, 'masking'], generatorMasking);
    if (generator.personalData && generatorMasking === undefined) {
      problem(
        ['generators', name, 'masking'],
        `a generator with personalData: true cannot turn masking off`,
        `masking: ${BUILTIN_PROFILE}`,
      );
    }
    const { registration, issues: registrationIssues } = normalizeRegistration(generator, {
      upstreams: new Set(upstreams.keys()),
      issuers: issuerIds,
    });
    for (const issue of registrationIssues) problem(['generators', name, ...issue.path], issue.message, issue.example);
    if (generator.input !== undefined) {
      try {
        inputSchemaCompiler().compile(generator.input);
      } catch (error) {
        problem(['generators', name, 'input'], `is not a valid JSON Schema: ${(error as Error).message}`);
      }
    }
    generators.set(name, {
      name,
      upstream: generator.upstream,
      description: generator.description ?? '',
      personalData: generator.personalData,
      masking: generatorMasking,
      output: generator.output,
      input: generator.input,
      task: generator.task,
      team: generator.team,
      path: generator.path,
      registration,
    });
  }

  const ruleIds = new Set<string>();
  const rules: RuleConfig[] = raw.rules.map((rule, index) => {
    if (ruleIds.has(rule.id))
      problem(['rules', index, 'id'], `rule id "${rule.id}" is used twice; ids must be unique because decisions record them`);
    ruleIds.add(rule.id);
    if (rule.generators === undefined && rule.upstreams === undefined) {
      problem(['rules', index], 'a rule needs "generators" or "upstreams" to say what it covers', 'generators: [config-template]');
    }
    for (const [i, name] of (rule.generators ?? []).entries()) {
      if (name !== '*' && !generators.has(name))
        problem(
          ['rules', index, 'generators', i],
          `unknown generator "${name}"; defined: ${[...generators.keys()].join(', ') || '(none)'}`,
        );
    }
    for (const [i, name] of (rule.upstreams ?? []).entries()) {
      if (name !== '*' && !upstreams.has(name))
        problem(['rules', index, 'upstreams', i], `unknown upstream "${name}"; defined: ${[...upstreams.keys()].join(', ')}`);
    }
    for (const [i, id] of (rule.when.issuers ?? []).entries()) {
      if (!issuerIds.has(id))
        problem(['rules', index, 'when', 'issuers', i], `unknown issuer id "${id}"; defined: ${[...issuerIds].join(', ')}`);
    }
    if (rule.models !== undefined && rule.generators !== undefined && rule.upstreams === undefined) {
      problem(['rules', index, 'models'], '"models" applies to model API calls through "upstreams"; generators choose their own model');
    }
    if (rule.decision !== 'approval' && rule.approval !== undefined) {
      problem(['rules', index, 'approval'], `"approval" only applies to decision: approval (this rule says ${rule.decision})`);
    }
    let approval: ApprovalRequirement | undefined;
    if (rule.approval) {
      const quorum = rule.approval.quorum;
      if (typeof quorum === 'number' && quorum > 1 && rule.approval.approvers.length === 0) {
        problem(['rules', index, 'approval', 'approvers'], 'list at least one approver group');
      }
      approval = {
        approvers: rule.approval.approvers,
        quorum,
        pendingTtlMs: ms(rule.approval.pendingTtl),
        validForMs: ms(rule.approval.validFor),
      };
      if (rule.approval.approvers.length === 0)
        problem(['rules', index, 'approval', 'approvers'], 'list at least one approver group', 'approvers: [privacy-office]');
    }
    const claims: Record<string, ClaimMatcher> | undefined = rule.when.claims
      ? Object.fromEntries(Object.entries(rule.when.claims).map(([claim, value]) => [claim, Array.isArray(value) ? value : [value]]))
      : undefined;
    return {
      id: rule.id,
      description: rule.description,
      generators: rule.generators,
      upstreams: rule.upstreams,
      models: rule.models,
      codeExecution: rule.codeExecution,
      when: { groups: rule.when.groups, issuers: rule.when.issuers, kinds: rule.when.kinds, subjects: rule.when.subjects, claims },
      decision: rule.decision,
      approval,
    };
  });

  const { retention, issues: retentionIssues } = normalizeRetention(raw.retention, {
    generators: new Set(generators.keys()),
    upstreams: new Set(upstreams.keys()),
  });
  for (const issue of retentionIssues) problem(['retention', ...issue.path], issue.message, issue.example);
  const approvals = normalizeApprovals(raw.approvals);
  for (const issue of approvalsIssues(approvals)) problem(['approvals', ...issue.path], issue.message);

  const { governance, issues: governanceIssues } = normalizeGovernance(raw.governance);
  for (const issue of governanceIssues) problem(['governance', ...issue.path], issue.message, issue.example);

  const dataDir = resolve(ctx.baseDir, ctx.options.dataDir ?? raw.dataDir);
  const { store, issues: storeIssues } = normalizeStore(raw.store, dataDir, ctx.baseDir);
  for (const issue of storeIssues) problem(['store', ...issue.path], issue.message, issue.example);

  // A zero wait would refuse every response that found masking busy: `maskingQueue: 0` says that plainly.
  if (ms(raw.server.maskingQueueWait) === 0)
    problem(
      ['server', 'maskingQueueWait'],
      'a wait of zero refuses every queued response; to queue none, set server.maskingQueue to 0',
      'maskingQueueWait: 30s',
    );

  if (issues.length > 0) throw new ConfigError(ctx.file, issues);

  const host = ctx.options.host ?? raw.server.host;
  const port = ctx.options.port ?? raw.server.port;
  return {
    source: { path: ctx.file, version: ctx.version },
    dataDir,
    baseDir: ctx.baseDir,
    server: {
      host,
      port,
      publicUrl: (raw.server.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, ''),
      trustProxy: raw.server.trustProxy,
      bodyLimit: raw.server.bodyLimit,
      bodyLimitBytes: sizeInBytes(raw.server.bodyLimit),
      maxResponseBytes: raw.server.maxResponseBytes,
      masking: {
        budgetBytes: raw.server.maskingBytes,
        queue: raw.server.maskingQueue,
        queueWaitMs: ms(raw.server.maskingQueueWait),
      },
      bodies: {
        budgetBytes: raw.server.bodyBytesInFlight ?? defaultBodyBytesInFlight(),
        waitMs: ms(raw.server.bodyBytesWait),
      },
      events: {
        budgetBytes: raw.server.eventBytesInFlight ?? defaultEventBytesInFlight(),
        waitMs: ms(raw.server.eventBytesWait),
      },
      shutdownGraceMs: ms(raw.server.shutdownGrace),
      heapMb: raw.server.heapMb,
    },
    limits: { perIdentity: rateLimitOf(raw.limits.perIdentity), perClient: rateLimitOf(raw.limits.perClient) },
    store,
    identity: { clockToleranceMs: ms(raw.identity.clockTolerance), jwksCacheMaxAgeMs: ms(raw.identity.jwksCacheMaxAge), issuers },
    upstreams,
    generators,
    rules,
    masking,
    access: { auditors: raw.access.auditors },
    retention,
    evidence: normalizeEvidence(raw.evidence),
    approvals,
    governance,
  };
}
