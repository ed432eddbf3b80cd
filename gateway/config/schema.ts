/**
 * JSON Schema of `autogen-gate.yaml`: the one description of the file, used to validate it at
 * start (Ajv), to give editors completion (`autogen-gate.schema.json`, written by
 * `autogen-gate config schema`), and as the source of documented defaults.
 * Each section states `examples`: a validation error shows the example of the key it names.
 */
import { durationSchema } from './duration.js';
import { BODY_BUDGET_SHARE, DEFAULT_HEAP_MB, EVENT_BUDGET_SHARE } from './heap.js';
import { DENSE_BYTES_PER_EVENT, EVENT_HEAP_BYTES } from '../recording/eventBudget.js';
import { maskingSchema } from '../masking/configSchema.js';
import { evidenceSchema } from '../evidence/configSchema.js';
import { retentionSchema } from '../retention/configSchema.js';
import { approvalRequirementSchema, approvalsSchema } from '../approvals/configSchema.js';
import { storeSchema } from '../store/configSchema.js';
import { generatorRegistrationProperties, governanceSchema } from '../governance/configSchema.js';

export type JsonSchema = Readonly<Record<string, unknown>>;

const NAME_PATTERN = '^[a-z0-9][a-z0-9._-]*$';
const duration = durationSchema;
/** The first example of a schema, to build the example of the section that holds it. */
const firstExample = (schema: JsonSchema): unknown => (schema['examples'] as readonly unknown[] | undefined)?.[0];

const nameList = (description: string, example: string): JsonSchema => ({
  type: 'array',
  items: { type: 'string', minLength: 1 },
  uniqueItems: true,
  description,
  examples: [[example]],
});

/** Asymmetric JWS algorithms only: `none` and the HMAC family can never be allowed. */
const ALLOWED_JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

const serverSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Where the gateway listens and how it sees itself.',
  default: {},
  examples: [{ host: '127.0.0.1', port: 8787, publicUrl: 'https://autogen-gate.example.com' }],
  properties: {
    host: { type: 'string', default: '127.0.0.1', description: 'Interface to bind.', examples: ['0.0.0.0'] },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 8787, description: 'TCP port (0 picks a free one).', examples: [8787] },
    publicUrl: {
      type: 'string',
      format: 'uri',
      description: 'URL clients use to reach the gateway (links in approvals and `Location` headers). Defaults to http://HOST:PORT.',
      examples: ['https://autogen-gate.example.com'],
    },
    trustProxy: {
      type: 'boolean',
      default: false,
      description: 'Trust X-Forwarded-* headers from a load balancer in front of the gateway.',
      examples: [true],
    },
    bodyLimit: {
      type: 'string',
      pattern: '^[0-9]+(b|kb|mb)$',
      default: '1mb',
      description: 'Largest request body accepted.',
      examples: ['1mb'],
    },
    maxResponseBytes: {
      type: 'integer',
      minimum: 1024,
      default: 4194304,
      description:
        'Largest upstream response the gateway buffers to mask (bytes); larger responses are refused, not passed unmasked. Masking a JSON body dense with personal data holds about 30 times its bytes of heap (4 MiB: about 120 MB), so size the heap (deploy/Dockerfile: NODE_OPTIONS) before raising it.',
      examples: [4194304],
    },
    maskingBytes: {
      type: 'integer',
      minimum: 1024,
      maximum: 1073741824,
      default: 2097152,
      description:
        "Bytes of JSON responses masked at once (a response larger than this is masked alone). Masking a body holds far more memory than its bytes (a 1 MB body dense with personal data holds tens of MB while masked), and jobs masked together only interleave on the gateway's one thread, so all of them finish later; a budget in bytes still lets small answers be masked beside a large one. A response holds its turn while it is parsed, masked and serialised; further ones wait, first come first served, and one whose caller went away leaves the queue (or stops being masked).",
      examples: [2097152],
    },
    maskingQueue: {
      type: 'integer',
      minimum: 0,
      maximum: 100000,
      default: 256,
      description:
        'JSON responses that may wait for masking (each holds its upstream body, at most `maxResponseBytes`). One more is refused with 503 `masking_busy` and Retry-After, recorded, never passed unmasked.',
      examples: [256],
    },
    maskingQueueWait: duration(
      'Longest a JSON response waits for masking; past it the call is refused with 503 `masking_busy` and Retry-After, recorded, never passed unmasked.',
      '30s',
    ),
    bodyBytesInFlight: {
      type: 'integer',
      minimum: 65536,
      maximum: 68719476736,
      description: `Bytes of request and response bodies the gateway holds in memory at once, across all calls. Unset: the heap limit over ${BODY_BUDGET_SHARE}, at most 64 MiB (the limit is read from V8, so \`heapMb\` and NODE_OPTIONS count), since a held byte costs several of heap while it is parsed, copied and digested: at a 384 MB limit V8's is 432 MB, 54 MiB of bodies at about five heap bytes each is about 270 MB, and the rest is left to the resting gateway and the masking in progress (\`maskingBytes\`); docs/performance.md, "Bytes in flight", has the measurements. A request body on \`/proxy\` holds its bytes from before it is read until it has been forwarded (a generator run's input: while it is read and parsed); a buffered answer (JSON, masked or recorded) from before it is read until it has been sent; a stream (SSE, text) only the chunk in hand. A call whose bytes do not fit waits, first come first served, for \`bodyBytesWait\`, then is refused with 503 \`body_budget_busy\` and Retry-After, recorded, never forwarded unrecorded or answered unmasked; a call larger than the whole budget runs alone.`,
      examples: [50331648],
    },
    bodyBytesWait: duration(
      'Longest a call waits for room in `bodyBytesInFlight`; past it the call is refused with 503 `body_budget_busy` and Retry-After, recorded.',
      '10s',
    ),
    eventBytesInFlight: {
      type: 'integer',
      minimum: 65536,
      maximum: 68719476736,
      description: `Heap (estimated, bytes) the masking events of whole JSON answers may hold at once, across all calls, from before an answer is masked until its record is written and it is sent. An event holds about ${EVENT_HEAP_BYTES} bytes counted (its object, its row for the store and its piece of the list the audit seal digests), and an answer dense with personal data yields about one per ${DENSE_BYTES_PER_EVENT} bytes of body, so an answer reserves that much before it is masked (a 64 KB body: about 1.6 MB) and holds what its events really cost once masked. Unset: the heap limit over ${EVENT_BUDGET_SHARE}, at most 128 MiB (at a 384 MB limit V8's is 432 MB: 108 MB). An answer that finds no room waits, first come first served, holding only its raw bytes, for \`eventBytesWait\`, then is refused with 503 \`recording_busy\` and Retry-After, recorded, never answered unmasked or unrecorded; one larger than the whole budget runs alone. Every masking is still recorded: the budget decides when an answer is masked, not what is kept. docs/performance.md, "What a request holds besides its bodies", has the measurements.`,
      examples: [113246208],
    },
    eventBytesWait: duration(
      'Longest an answer waits for room in `eventBytesInFlight` before it is masked; past it the call is refused with 503 `recording_busy` and Retry-After, recorded.',
      '30s',
    ),
    shutdownGrace: duration('How long a graceful shutdown waits for in-flight requests.', '10s'),
    heapMb: {
      type: 'integer',
      minimum: 0,
      maximum: 1048576,
      default: DEFAULT_HEAP_MB,
      description:
        "V8 heap limit (`--max-old-space-size`, MB) `autogen-gate serve` runs the gateway with; 0 leaves it to Node. Node's own limit is sized by the machine (up to 4 GB), and with that much room V8 lets the heap grow to about four times its live objects before collecting: the gateway's live heap is tens of MB, so it would hold hundreds of MB of garbage (measured in docs/performance.md); 384 kept the 1 GB stream near 200 MB of RSS. The young generation is sized with it (semi-spaces of a 48th, 8 MB at 384, at most 16; Node's own are 16 MB whatever the limit), which took about 20 MB more off the stream's peak at the same CPU per MB. The launcher also gives the child glibc's default mmap threshold, held (`MALLOC_MMAP_THRESHOLD_=131072`, unless the environment tunes the allocator; the image sets it), so threads' arenas do not keep megabyte buffers once freed: about 25 MB off the stream's peak. What calls hold is bounded by shares of this limit: their bodies (`bodyBytesInFlight`) and their masking events until recorded (`eventBytesInFlight`; before it, the masked gateway ran a 384 MB heap out of memory at 64 KB × 256 connections). A heap size given to Node (`--max-old-space-size` or `--max-heap-size` on its command line or in NODE_OPTIONS, as the container image does) wins; otherwise the launcher (`bin/autogen-gate.js`, about 40 MB of RSS) starts the gateway in a child process with this one. Bodies held across concurrent calls are bounded by `bodyBytesInFlight`, which defaults to a share of this limit (without that bound 256 concurrent 1 MB calls ran a 384 MB heap out of memory), and so is `eventBytesInFlight`; masking a large JSON answer needs heap too (see `maxResponseBytes`): raise them together.",
      examples: [DEFAULT_HEAP_MB],
    },
  },
};

const issuerSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'issuer', 'audience'],
  examples: [{ id: 'company', issuer: 'https://login.example.com/realms/main', audience: 'autogen-gate', groupsClaim: 'groups' }],
  properties: {
    id: { type: 'string', pattern: NAME_PATTERN, description: 'Short name used in rules and records.', examples: ['company'] },
    issuer: {
      type: 'string',
      format: 'uri',
      description: 'Exact `iss` value; its OpenID discovery document gives the JWKS.',
      examples: ['https://login.example.com/realms/main'],
    },
    audience: {
      oneOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
      ],
      description: 'Accepted `aud` value(s).',
      examples: ['autogen-gate'],
    },
    jwksUri: {
      type: 'string',
      format: 'uri',
      description: 'JWKS URL, when the issuer has no discovery document.',
      examples: ['https://token.actions.githubusercontent.com/.well-known/jwks'],
    },
    algorithms: {
      type: 'array',
      items: { enum: [...ALLOWED_JWT_ALGORITHMS] },
      minItems: 1,
      uniqueItems: true,
      default: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      description: 'Accepted signature algorithms. Asymmetric only: `none` and HS* are refused.',
      examples: [['RS256', 'ES256']],
    },
    groupsClaim: {
      type: 'string',
      default: 'groups',
      description: "Claim that lists the caller's groups (dotted path allowed, e.g. realm_access.roles).",
      examples: ['groups'],
    },
    nameClaim: { type: 'string', default: 'name', description: 'Claim with a display name.', examples: ['name'] },
    kind: {
      enum: ['auto', 'person', 'pipeline'],
      default: 'auto',
      description:
        "Who this issuer's tokens stand for. auto: a token whose subject is its own client (client credentials) is a pipeline, any other a person.",
      examples: ['pipeline'],
    },
    recordClaims: {
      ...nameList('Claims copied into every session record (pipelines: repository, ref, workflow, actor).', 'repository'),
      default: [],
    },
  },
};

const identitySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['issuers'],
  description: 'Who may call the gateway: OIDC issuers whose JWT access tokens are accepted.',
  examples: [{ clockTolerance: '30s', issuers: [{ id: 'company', issuer: 'https://login.example.com', audience: 'autogen-gate' }] }],
  properties: {
    clockTolerance: duration('Leeway for exp/nbf/iat checks between clocks.', '30s'),
    jwksCacheMaxAge: duration('How long fetched signing keys are trusted before a refresh; an unknown key id refreshes sooner.', '10m'),
    issuers: {
      type: 'array',
      minItems: 1,
      items: issuerSchema,
      description: 'Trusted issuers; a token is matched to one by its `iss`.',
      examples: [[firstExample(issuerSchema)]],
    },
  },
};

const upstreamSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'url'],
  examples: [{ type: 'autogen-studio', url: 'http://autogen-studio:8081', timeout: '120s' }],
  properties: {
    type: {
      enum: ['autogen-studio', 'http', 'openai'],
      description:
        'autogen-studio: the AutoGen Studio API; http: any HTTP generator that takes JSON; openai: an OpenAI-compatible model API.',
      examples: ['autogen-studio'],
    },
    url: { type: 'string', format: 'uri', description: 'Base URL of the runtime.', examples: ['http://127.0.0.1:8081'] },
    timeout: duration('Longest wait for the upstream to finish answering.', '120s'),
    connectTimeout: duration('Longest wait to connect.', '5s'),
    healthPath: {
      type: 'string',
      default: '/',
      description: 'Path probed by /readyz (any HTTP answer below 500 counts as up).',
      examples: ['/api/version'],
    },
    masking: {
      type: 'string',
      default: 'lgpd',
      description:
        'Masking profile applied to everything this upstream returns through /proxy (and to prompts sent to a model). `none` turns masking off.',
      examples: ['lgpd'],
    },
    routes: {
      type: 'array',
      items: { type: 'string', pattern: '^(GET|POST|PUT|PATCH|DELETE|HEAD|\\*) /[^\\s]*$' },
      uniqueItems: true,
      description:
        'Extra routes this upstream serves through /proxy, beyond those its type knows (autogen-studio: the Studio API; openai: the model API). `METHOD /path`, where a path segment `{id}` matches one segment and a final `*` the rest. For http upstreams, the only routes served when given (all paths when not).',
      examples: [['POST /v1/batches', 'GET /v1/batches/{id}']],
    },
    forwardHeaders: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z0-9-]+$' },
      uniqueItems: true,
      default: [],
      description:
        'Request headers forwarded to this upstream beyond the built-in allow-list (Accept, Accept-Language, Cache-Control, conditional headers, Idempotency-Key, Last-Event-ID, OpenAI-Beta, User-Agent). Credentials, cookies, X-Forwarded-* and hop-by-hop headers are never forwarded.',
      examples: [['x-trace-id']],
    },
    headers: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z0-9-]+$' },
      additionalProperties: { type: 'string', pattern: '^(env|file):.+$' },
      default: {},
      description:
        "Headers the gateway adds to every request to this upstream, from secrets (env:NAME or file:PATH): the upstream's own credentials, e.g. a model provider's API key. Callers never see them.",
      examples: [{ authorization: 'env:OPENAI_AUTHORIZATION' }],
    },
    uninspectable: {
      enum: ['refuse', 'passthrough'],
      default: 'refuse',
      description:
        "Traffic the gateway cannot inspect for personal data (binary bodies, gRPC such as AutoGen's worker runtime, unknown encodings). refuse: answered 415/502 and recorded. passthrough: forwarded as is, and the session records metadata only (sizes, types), never the body. Opt in only for upstreams that cannot return personal data.",
      examples: ['refuse'],
    },
  },
};

const generatorSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['upstream'],
  examples: [
    {
      upstream: 'autogen',
      description: 'Monthly customer report',
      personalData: true,
      masking: 'lgpd',
      task: 'Write the report for {{month}}',
      team: { provider: 'autogen_agentchat.teams.RoundRobinGroupChat', config: {} },
      owner: { person: 'bruno', group: 'data-engineers' },
      purpose: 'Monthly report of customers with pending payments, for the billing team to collect them.',
      legalBasis: 'art7-v-contract',
      dataCategories: ['identification', 'government-id', 'contact', 'address', 'financial'],
      recipients: [{ name: 'autogen', role: 'upstream', country: 'BR' }],
      pinned: 'sha256:3f0c8e4d5b6a79180f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778',
    },
  ],
  properties: {
    upstream: { type: 'string', description: 'Name of the upstream that runs it.', examples: ['autogen'] },
    description: { type: 'string', description: 'Shown to people choosing a generator.', examples: ['Monthly customer report'] },
    personalData: {
      type: 'boolean',
      default: false,
      description:
        'The generator touches personal data: it must be masked, and registered (owner, purpose, legalBasis, dataCategories), and its runs are under governance.',
      examples: [true],
    },
    masking: {
      type: 'string',
      default: 'lgpd',
      description: 'Masking profile for its output (and stored input). `none` turns masking off (refused when personalData is true).',
      examples: ['lgpd'],
    },
    output: {
      enum: ['markdown', 'plaintext', 'json', 'yaml', 'csv', 'typescript', 'javascript', 'python', 'java', 'sql', 'html'],
      default: 'markdown',
      description: 'What the result is, so editors open it with the right language.',
      examples: ['markdown'],
    },
    input: {
      type: 'object',
      description: 'JSON Schema of the run input; the gateway validates it and the extension builds its form from it.',
      examples: [{ type: 'object', properties: { month: { type: 'string' } }, required: ['month'] }],
    },
    task: {
      type: 'string',
      description: 'AutoGen Studio: the task text; {{field}} is replaced by that input field.',
      examples: ['Write the report for {{month}}'],
    },
    team: {
      type: 'object',
      description: 'AutoGen Studio: the team component (team_config) to run.',
      examples: [{ provider: 'autogen_agentchat.teams.RoundRobinGroupChat', component_type: 'team', config: {} }],
    },
    path: { type: 'string', default: '/', description: 'http upstreams: path the run input is POSTed to.', examples: ['/generate'] },
    ...generatorRegistrationProperties,
  },
};

const claimMatcher: JsonSchema = {
  oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
  description: 'Accepted value(s); `*` matches any run of characters.',
  examples: ['refs/heads/main'],
};

const ruleSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'decision'],
  examples: [{ id: 'devs-config-template', generators: ['config-template'], when: { groups: ['developers'] }, decision: 'allow' }],
  properties: {
    id: {
      type: 'string',
      pattern: NAME_PATTERN,
      description: 'Recorded with every decision this rule makes.',
      examples: ['devs-config-template'],
    },
    description: { type: 'string', examples: ['Developers may render configuration templates'] },
    generators: nameList('Generators this rule covers (`*` for all).', 'config-template'),
    upstreams: nameList('Upstreams whose raw pass-through (/proxy/NAME/...) this rule covers (`*` for all).', 'autogen'),
    models: nameList(
      "Only requests for these models (model APIs: the request's `model`; `*` wildcards allowed). A request naming no model does not match.",
      'gpt-4o*',
    ),
    codeExecution: {
      type: 'boolean',
      description:
        'true: only AutoGen runs whose team can execute code (a code executor agent or tool); false: only runs whose team cannot. Omitted: both.',
      examples: [true],
    },
    when: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Conditions on the caller; all given must hold. Omitted: anyone authenticated.',
      examples: [{ groups: ['data-engineers'], claims: { ref: 'refs/heads/main' } }],
      properties: {
        groups: nameList('The caller is in at least one of these groups.', 'developers'),
        issuers: nameList('The token came from one of these issuer ids.', 'company'),
        kinds: { type: 'array', items: { enum: ['person', 'pipeline'] }, uniqueItems: true, examples: [['pipeline']] },
        subjects: nameList("The caller's `sub` is one of these.", 'repo:org/app:ref:refs/heads/main'),
        claims: {
          type: 'object',
          additionalProperties: claimMatcher,
          description: 'Each named claim must match.',
          examples: [{ repository: 'org/app', ref: 'refs/heads/main' }],
        },
      },
    },
    decision: { enum: ['allow', 'deny', 'approval'], description: 'What happens to a matching request.', examples: ['allow'] },
    approval: approvalRequirementSchema,
  },
  if: { properties: { decision: { const: 'approval' } } },
  then: { required: ['approval'] },
};

const rateLimitSchema = (description: string, example: Readonly<Record<string, unknown>>): JsonSchema => ({
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['requests', 'per'],
      properties: {
        requests: { type: 'integer', minimum: 1, description: 'Requests allowed per period.', examples: [600] },
        per: duration('The period.', '1m'),
        burst: {
          type: 'integer',
          minimum: 1,
          description: 'Requests allowed at once after a quiet spell (default: requests).',
          examples: [100],
        },
      },
    },
    { const: false, description: 'No limit.' },
  ],
  description,
  examples: [example],
});

const limitsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description:
    'Rate limits, per gateway process (429 with Retry-After past them). Refusals of bad tokens are also aggregated per client in the audit log, so a flood cannot fill the store.',
  examples: [{ perIdentity: { requests: 3000, per: '1m', burst: 100 }, perClient: { requests: 6000, per: '1m', burst: 200 } }],
  properties: {
    perIdentity: {
      ...rateLimitSchema('Requests one caller (issuer and subject) may make.', { requests: 3000, per: '1m', burst: 100 }),
      default: { requests: 3000, per: '1m', burst: 100 },
    },
    perClient: {
      ...rateLimitSchema(
        'Requests one client address may make, before its token is even checked. Behind a load balancer, set server.trustProxy so the address is the client, not the balancer.',
        { requests: 6000, per: '1m', burst: 200 },
      ),
      default: { requests: 6000, per: '1m', burst: 200 },
    },
  },
};

export const configSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://autogen-gate.dev/schema/autogen-gate.schema.json',
  title: 'AutoGen Gate policy (autogen-gate.yaml)',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'identity', 'upstreams', 'rules'],
  properties: {
    $schema: { type: 'string' },
    version: { const: 1, description: 'Format version of this file.', examples: [1] },
    dataDir: {
      type: 'string',
      default: './data',
      description: 'Folder for the store and generated keys, relative to this file.',
      examples: ['./data'],
    },
    server: serverSchema,
    limits: limitsSchema,
    store: storeSchema,
    identity: identitySchema,
    upstreams: {
      type: 'object',
      propertyNames: { pattern: NAME_PATTERN },
      additionalProperties: upstreamSchema,
      minProperties: 1,
      description: 'AutoGen runtimes (and model APIs) the gateway forwards to, by name.',
      examples: [{ autogen: firstExample(upstreamSchema) }],
    },
    generators: {
      type: 'object',
      propertyNames: { pattern: NAME_PATTERN },
      additionalProperties: generatorSchema,
      default: {},
      description: 'Named generators people and pipelines may run.',
      examples: [{ 'customer-report': firstExample(generatorSchema) }],
    },
    rules: {
      type: 'array',
      items: ruleSchema,
      description: 'Ordered rules: the first whose targets and conditions match decides. No match: deny.',
      examples: [[firstExample(ruleSchema)]],
    },
    access: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: "Who may look at other people's records.",
      examples: [{ auditors: ['privacy-office'] }],
      properties: {
        auditors: {
          ...nameList('Groups whose members may read every session and export evidence (privacy office, DPO).', 'privacy-office'),
          default: [],
        },
      },
    },
    masking: maskingSchema,
    retention: retentionSchema,
    evidence: evidenceSchema,
    approvals: approvalsSchema,
    governance: governanceSchema,
  },
};
