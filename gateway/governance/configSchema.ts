/**
 * The governance keys of the policy file: what each generator declares about its processing of
 * personal data (owner, purpose, legal basis, data categories, retention, recipients, the pinned
 * hash of its reviewed definition), and the `governance` section that says what happens to a run
 * that breaks the registration (denied, or held for approval), how often owners re-attest, who
 * hears about orphaned generators, and the SCIM endpoint the company's IdP provisions.
 */
import { durationSchema, DURATION_PATTERN } from '../config/duration.js';
import { SECRET_REF_PATTERN } from '../config/secrets.js';
import { approvalRequirementSchema } from '../approvals/configSchema.js';
import { webhookTargetProperties } from '../webhooks/config.js';
import { DATA_CATEGORIES, LEGAL_BASES, TRANSFER_MECHANISMS } from './lgpd.js';

type JsonSchema = Readonly<Record<string, unknown>>;

/** `sha256:` and 64 lower-case hex digits: what `autogen-gate generator pin` prints. */
export const PIN_PATTERN = '^sha256:[0-9a-f]{64}$';

/** What the gateway can do about a violation; `record` notes it in the session without changing the decision. */
export const VIOLATION_ACTIONS = ['deny', 'approval', 'record'] as const;
export type ViolationAction = (typeof VIOLATION_ACTIONS)[number];

/** The policy-file names of the violation kinds (the wire and audit names are snake_case). */
export const VIOLATION_KEYS = [
  'definitionChanged',
  'unpinned',
  'ownerInactive',
  'ownerUnknown',
  'attestationLapsed',
  'unregisteredTeam',
] as const;
export type ViolationKey = (typeof VIOLATION_KEYS)[number];

export const RECIPIENT_ROLES = ['upstream', 'model-provider', 'processor', 'controller'] as const;

const legalBasisEnum: JsonSchema = {
  enum: LEGAL_BASES.map((basis) => basis.code),
  // Editors (VS Code, yaml-language-server) show these beside each value.
  enumDescriptions: LEGAL_BASES.map((basis) => `${basis.article}: ${basis.name} (${basis.english})`),
};

const categoryEnum: JsonSchema = {
  enum: DATA_CATEGORIES.map((category) => category.code),
  enumDescriptions: DATA_CATEGORIES.map((category) => category.name),
};

const ownerSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['person'],
  description:
    'Who answers for this processing: a person, and a group whose members inherit ownership (any of them, or an auditor, may take it over when the person leaves).',
  examples: [{ person: 'bruno', group: 'data-engineers' }],
  properties: {
    person: {
      type: 'string',
      pattern: '^[^\\s]+$',
      description:
        "The accountable person: a username the IdP knows (its SCIM userName, the token's preferred_username), or a principal ISSUER_ID:SUBJECT.",
      examples: ['bruno'],
    },
    group: {
      type: 'string',
      minLength: 1,
      description: 'A group (as tokens and SCIM name it) whose members may take ownership when the person is gone.',
      examples: ['data-engineers'],
    },
  },
};

const recipientSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'role', 'country'],
  examples: [{ name: 'OpenAI', role: 'model-provider', country: 'US', transferMechanism: 'art33-ii-b-standard-clauses' }],
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      description: 'Who receives the data. For role upstream, the name of the upstream in this file.',
      examples: ['autogen'],
    },
    role: {
      enum: [...RECIPIENT_ROLES],
      description:
        'upstream: the AutoGen runtime the generator runs on; model-provider: the model API its agents call; processor: another operator processing on your behalf; controller: a third party deciding on its own.',
      examples: ['model-provider'],
    },
    country: {
      type: 'string',
      pattern: '^[A-Z]{2}$',
      description:
        'ISO 3166-1 alpha-2 code of where the recipient processes the data. Anything but BR is an international transfer (LGPD Art. 33).',
      examples: ['BR'],
    },
    transferMechanism: {
      enum: TRANSFER_MECHANISMS.map((mechanism) => mechanism.code),
      enumDescriptions: TRANSFER_MECHANISMS.map((mechanism) => `${mechanism.article}: ${mechanism.name}`),
      description: 'The Art. 33 case that permits the transfer abroad; required when country is not BR.',
      examples: ['art33-ii-b-standard-clauses'],
    },
  },
};

/** The registration keys of a generator (added to its schema in config/schema.ts). */
export const generatorRegistrationProperties: Readonly<Record<string, JsonSchema>> = {
  owner: ownerSchema,
  purpose: {
    type: 'string',
    minLength: 10,
    maxLength: 1000,
    description:
      'Why this generator processes personal data: a legitimate, specific and explicit purpose the data subjects were told of (LGPD Art. 6 I).',
    examples: ['Monthly report of customers with pending payments, for the billing team to collect them.'],
  },
  legalBasis: {
    oneOf: [legalBasisEnum, { type: 'array', items: legalBasisEnum, minItems: 1, uniqueItems: true }],
    description:
      'The legal hypothesis that permits the processing: LGPD Art. 7 I–X, or Art. 11 I and II a–g for sensitive data (a list when several apply).',
    examples: ['art7-v-contract'],
  },
  dataCategories: {
    type: 'array',
    items: categoryEnum,
    minItems: 1,
    uniqueItems: true,
    description: 'The kinds of personal data it processes; the sensitive ones (Art. 5 II) need an Art. 11 legal basis.',
    examples: [['identification', 'government-id', 'contact', 'address', 'financial']],
  },
  retention: {
    type: 'string',
    minLength: 10,
    maxLength: 1000,
    description:
      'Why its records are kept as long as the retention section says (LGPD Art. 15–16); the periods themselves are retention.generators.NAME, else the retention defaults.',
    examples: ['Masked reports are kept a week for the billing team; records five years as proof of processing (Art. 16 I).'],
  },
  recipients: {
    type: 'array',
    items: recipientSchema,
    minItems: 1,
    description: 'Who receives the data it processes: its upstream and the model provider its agents call, each with its country.',
    examples: [
      [
        { name: 'autogen', role: 'upstream', country: 'BR' },
        { name: 'OpenAI', role: 'model-provider', country: 'US', transferMechanism: 'art33-ii-b-standard-clauses' },
      ],
    ],
  },
  pinned: {
    type: 'string',
    pattern: PIN_PATTERN,
    description:
      'SHA-256 of the reviewed definition (upstream, task template, input schema and team config, with any source code its tools carry), as `autogen-gate generator pin NAME` prints it. A run whose definition no longer matches is a governance violation.',
    examples: ['sha256:3f0c8e4d5b6a79180f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778'],
  },
};

const violationAction = (description: string): JsonSchema => ({
  enum: [...VIOLATION_ACTIONS],
  description: `${description} deny: refused; approval: held for the approvers below; record: noted in the session, decided as the rules say.`,
  examples: ['deny'],
});

const notifySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'secret'],
  description:
    'Tells the privacy office, as signed JSON, when a personal-data generator is orphaned (its owner left) or its attestation lapsed, again every `every` until someone takes ownership or attests, and once when it is back in order.',
  examples: [{ url: 'https://privacy.example.com/hooks/autogen-gate', secret: 'env:AUTOGEN_GATE_PRIVACY_WEBHOOK_SECRET', every: '24h' }],
  properties: {
    ...webhookTargetProperties('generator names, owners and purposes'),
    every: durationSchema('How often a generator that stays orphaned or lapsed is announced again.', '24h'),
  },
};

const scimSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description:
    "Serves SCIM 2.0 at /scim/v2 (RFC 7643/7644) so the company's IdP (Entra ID, Okta) provisions users and groups and pushes deactivations: how the gateway learns that an owner left.",
  examples: [{ token: 'env:AUTOGEN_GATE_SCIM_TOKEN' }],
  properties: {
    token: {
      type: 'string',
      pattern: SECRET_REF_PATTERN,
      description:
        'The bearer token the IdP sends, from env:NAME or file:PATH (at least 32 characters). Omitted: generated once under dataDir/keys/scim.token.',
      examples: ['env:AUTOGEN_GATE_SCIM_TOKEN'],
    },
  },
};

const violationDescriptions: Readonly<Record<ViolationKey, string>> = {
  definitionChanged: 'The definition no longer matches its pinned hash (changed since review).',
  unpinned: 'The generator has no pinned hash (never reviewed).',
  ownerInactive: 'The directory (SCIM) says the owner was deactivated or deleted: the generator is orphaned.',
  ownerUnknown: 'The directory has no record of the owner (default: record, since an IdP may not provision everyone).',
  attestationLapsed: 'The owner has not re-attested within attestEvery (or not since taking ownership).',
  unregisteredTeam: 'A raw AutoGen Studio run whose team matches no registered generator.',
};

export const governanceSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description:
    'Generators under governance (docs/governance.md): a run that may touch personal data and breaks its registration (changed or unpinned definition, owner gone, attestation lapsed, or a raw Studio team nobody registered) is denied or held for approval, and recorded with the reason either way. Governance only tightens what the rules decide.',
  examples: [
    {
      attestEvery: '90d',
      onViolation: 'deny',
      violations: { unregisteredTeam: 'approval' },
      approval: { approvers: ['privacy-office'], pendingTtl: '24h', validFor: '1h' },
      scim: { token: 'env:AUTOGEN_GATE_SCIM_TOKEN' },
    },
  ],
  properties: {
    attestEvery: {
      oneOf: [{ type: 'string', pattern: DURATION_PATTERN }, { enum: ['off'] }],
      default: '90d',
      description:
        "How often an owner must re-confirm each personal-data generator (purpose, basis, definition still right), or `off`. The first period starts when the gateway first sees the generator registered; taking ownership starts over, with the new owner's attestation due at once.",
      examples: ['90d'],
    },
    onViolation: {
      enum: ['deny', 'approval'],
      default: 'deny',
      description: 'What a violation does unless `violations` says otherwise for its kind.',
      examples: ['deny'],
    },
    violations: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Per kind of violation, what it does (default: onViolation; ownerUnknown: record).',
      examples: [{ unregisteredTeam: 'approval', ownerUnknown: 'record' }],
      properties: Object.fromEntries(VIOLATION_KEYS.map((key) => [key, violationAction(violationDescriptions[key])])),
    },
    approval: {
      ...approvalRequirementSchema,
      description:
        'Who approves a run held for a violation. When a rule already holds the run, both must agree: one approver from each group either names.',
    },
    notify: notifySchema,
    scim: scimSchema,
    controller: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      description: 'Who the register names as controller and data protection officer (encarregado, LGPD Art. 41).',
      examples: [{ name: 'Exemplo Cobranças Ltda.', dpo: 'Carla Mendes <dpo@example.com.br>' }],
      properties: {
        name: { type: 'string', minLength: 1, description: 'The controller (the company).', examples: ['Exemplo Cobranças Ltda.'] },
        dpo: {
          type: 'string',
          minLength: 1,
          description: 'The data protection officer and how to reach them (Art. 41 §1: published identity and contact).',
          examples: ['Carla Mendes <dpo@example.com.br>'],
        },
      },
    },
  },
};
