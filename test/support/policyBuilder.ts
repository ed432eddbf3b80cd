/**
 * A typed way for tests to change the demo policy. Tests used to edit its YAML text with string
 * replaces, and a replace that stopped matching silently tested the shipped policy instead of the
 * intended one. Here every edit names what it changes, and an edit of something that is not there
 * (a rule id, a section) throws, so the test fails where the policy drifted.
 */
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { Decision, IdentityKind, UpstreamType } from '../../gateway/config/types.js';

/** A YAML value a policy may hold. */
export type PolicyValue = string | number | boolean | null | readonly PolicyValue[] | { readonly [key: string]: PolicyValue | undefined };

export interface ApprovalSpec {
  readonly approvers?: readonly string[];
  readonly quorum?: 'any' | 'each' | number;
  readonly pendingTtl?: string;
  readonly validFor?: string;
  readonly [key: string]: PolicyValue | undefined;
}

export interface RuleSpec {
  readonly id: string;
  readonly description?: string;
  readonly generators?: readonly string[];
  readonly upstreams?: readonly string[];
  readonly models?: readonly string[];
  readonly codeExecution?: boolean;
  readonly when?: { readonly groups?: readonly string[]; readonly kind?: IdentityKind; readonly [key: string]: PolicyValue | undefined };
  readonly decision: Decision;
  readonly approval?: ApprovalSpec;
  readonly [key: string]: PolicyValue | undefined;
}

export interface UpstreamSpec {
  readonly type: UpstreamType;
  readonly url: string;
  readonly masking?: string;
  readonly uninspectable?: 'refuse' | 'passthrough';
  readonly [key: string]: PolicyValue | undefined;
}

export interface GeneratorSpec {
  readonly upstream: string;
  readonly personalData?: boolean;
  readonly path?: string;
  readonly [key: string]: PolicyValue | undefined;
}

export interface IssuerSpec {
  readonly id: string;
  readonly issuer: string;
  readonly audience?: string;
  readonly kind?: IdentityKind | 'auto';
  readonly recordClaims?: readonly string[];
  readonly [key: string]: PolicyValue | undefined;
}

type Path = readonly (string | number)[];

export class PolicyBuilder {
  private readonly doc: Document;

  constructor(text: string) {
    this.doc = parseDocument(text, { uniqueKeys: true });
    if (this.doc.errors.length > 0) throw new Error(`the policy to edit is not YAML: ${this.doc.errors[0]?.message ?? ''}`);
  }

  /** Replaces a value that is already in the policy; throws when it is not. */
  change(path: Path, value: PolicyValue): this {
    if (!this.doc.hasIn(path)) throw new Error(`the policy has no ${path.join('.')} to change`);
    this.doc.setIn(path, this.node(value));
    return this;
  }

  /** Sets a value under a parent that is already in the policy (adding or replacing it). */
  set(path: Path, value: PolicyValue): this {
    const parent = path.slice(0, -1);
    if (parent.length > 0 && !isMap(this.doc.getIn(parent, true))) throw new Error(`the policy has no ${parent.join('.')} section`);
    this.doc.setIn(path, this.node(value));
    return this;
  }

  /** Sets a value, creating the sections on its way. */
  ensure(path: Path, value: PolicyValue): this {
    this.doc.setIn(path, this.node(value));
    return this;
  }

  upstream(name: string, spec: UpstreamSpec): this {
    return this.addEntry('upstreams', name, spec);
  }

  generator(name: string, spec: GeneratorSpec): this {
    return this.addEntry('generators', name, spec);
  }

  issuer(spec: IssuerSpec): this {
    this.sequence(['identity', 'issuers']).add(this.node(spec));
    return this;
  }

  /** Puts a rule first, so it decides before the demo's rules. */
  ruleFirst(rule: RuleSpec): this {
    const rules = this.sequence(['rules']);
    if (this.ruleIndex(rule.id) >= 0) throw new Error(`the policy already has a rule ${rule.id}`);
    rules.items.unshift(this.node(rule));
    return this;
  }

  /** Changes fields of an existing rule (a field set to undefined is removed). */
  rule(id: string, patch: Partial<RuleSpec>): this {
    const index = this.ruleIndex(id);
    if (index < 0) throw new Error(`the policy has no rule ${id}`);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) this.doc.deleteIn(['rules', index, key]);
      else this.doc.setIn(['rules', index, key], this.node(value));
    }
    return this;
  }

  /** Changes the approval requirement of an existing rule. */
  ruleApproval(id: string, patch: ApprovalSpec): this {
    const index = this.ruleIndex(id);
    if (index < 0) throw new Error(`the policy has no rule ${id}`);
    if (!isMap(this.doc.getIn(['rules', index, 'approval'], true))) throw new Error(`rule ${id} has no approval to change`);
    for (const [key, value] of Object.entries(patch)) this.doc.setIn(['rules', index, 'approval', key], this.node(value ?? null));
    return this;
  }

  toString(): string {
    return this.doc.toString({ lineWidth: 0 });
  }

  private addEntry(section: string, name: string, spec: PolicyValue): this {
    if (!isMap(this.doc.getIn([section], true))) throw new Error(`the policy has no ${section} section`);
    if (this.doc.hasIn([section, name])) throw new Error(`the policy already has ${section}.${name}`);
    this.doc.setIn([section, name], this.node(spec));
    return this;
  }

  private sequence(path: Path): { items: unknown[]; add(node: unknown): void } {
    const node = this.doc.getIn(path, true);
    if (!isSeq(node)) throw new Error(`the policy has no ${path.join('.')} list`);
    return { items: node.items, add: (item) => node.items.push(item) };
  }

  private ruleIndex(id: string): number {
    const rules = this.doc.getIn(['rules'], true);
    if (!isSeq(rules)) return -1;
    return rules.items.findIndex((item) => isMap(item) && item.get('id') === id);
  }

  private node(value: PolicyValue): unknown {
    return this.doc.createNode(dropUndefined(value), { flow: false });
  }
}

function dropUndefined(value: PolicyValue): PolicyValue {
  if (Array.isArray(value)) return (value as readonly PolicyValue[]).map(dropUndefined);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, PolicyValue> = {};
    for (const [key, item] of Object.entries(value as Record<string, PolicyValue | undefined>))
      if (item !== undefined) out[key] = dropUndefined(item);
    return out;
  }
  return value;
}
