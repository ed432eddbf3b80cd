/**
 * What the Generators view shows, apart from VS Code: one node per generator of the registry
 * with its governance state (registered, suspended, no personal data, unregistered) and whether
 * the policy lets the viewer run it, and under it the registration (owner, purpose, legal basis,
 * data, recipients), the definition pin, the attestation, and, for a suspended generator, why and
 * who can fix it. The tree provider (generatorsView.ts) only turns these into tree items.
 */
import { governanceStateLabel, registrationFacts, suspensionText } from '../../../gateway/api/governanceText.js';
import type { GeneratorGovernanceView, GeneratorSummary } from '../../../gateway/api/wire.js';

/** Codicon ids (https://code.visualstudio.com/api/references/icons-in-labels). */
export type NodeIcon =
  | 'verified'
  | 'warning'
  | 'circle-outline'
  | 'question'
  | 'person'
  | 'target'
  | 'law'
  | 'shield'
  | 'globe'
  | 'pinned'
  | 'error'
  | 'calendar'
  | 'lightbulb'
  | 'info';

export interface DetailNode {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly icon: NodeIcon;
}

export interface GeneratorNode {
  readonly name: string;
  readonly label: string;
  /** The state, and what the policy decides for the viewer. */
  readonly description: string;
  readonly tooltip: string;
  readonly icon: NodeIcon;
  /**
   * For the view's `when` clauses: `generator`, then `runnable` (the policy lets the viewer run or
   * request it) or `denied`, then `canTakeOwnership` and `canAttest` when the viewer may.
   */
  readonly contextValue: string;
  readonly children: readonly DetailNode[];
}

const STATE_ICONS: Readonly<Record<GeneratorGovernanceView['state'], NodeIcon>> = {
  compliant: 'verified',
  suspended: 'warning',
  'not-enforced': 'circle-outline',
  unregistered: 'question',
};

const FACT_ICONS: Readonly<Record<string, NodeIcon>> = {
  Owner: 'person',
  Purpose: 'target',
  'Legal basis': 'law',
  Data: 'shield',
  Recipients: 'globe',
};

function short(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, 12);
}

function definitionNode(governance: GeneratorGovernanceView): DetailNode {
  const definition = governance.definition;
  const description =
    definition.status === 'pinned'
      ? `as reviewed (${short(definition.hash)})`
      : definition.status === 'changed'
        ? `changed since review (${short(definition.hash)}, pinned ${short(definition.pinned ?? '')})`
        : `never reviewed (${short(definition.hash)})`;
  return {
    label: 'Definition',
    description,
    tooltip: `Definition hash ${definition.hash}${definition.pinned ? `\nPinned ${definition.pinned}` : '\nNot pinned'}`,
    icon: definition.status === 'pinned' ? 'pinned' : 'error',
  };
}

function attestationNode(governance: GeneratorGovernanceView): DetailNode | undefined {
  const attestation = governance.attestation;
  if (attestation.status === 'off') return undefined;
  const by = attestation.attestedByName ?? attestation.attestedBy;
  const last = attestation.attestedAt ? `attested ${attestation.attestedAt.slice(0, 10)}${by ? ` by ${by}` : ''}` : 'never attested';
  const description =
    attestation.status === 'current'
      ? `${last}; due ${attestation.dueAt?.slice(0, 10) ?? '?'}`
      : `lapsed: ${last}${attestation.dueAt ? `, was due ${attestation.dueAt.slice(0, 10)}` : ''}`;
  return { label: 'Attestation', description, tooltip: description, icon: attestation.status === 'current' ? 'calendar' : 'error' };
}

function decisionText(generator: GeneratorSummary): string {
  if (generator.decision === 'deny') return 'not for you';
  if (generator.decision === 'approval') return `after approval by ${generator.approvers.join(', ') || 'an approver'}`;
  return 'you may run it';
}

function yourActions(governance: GeneratorGovernanceView): DetailNode | undefined {
  const you = governance.you;
  const can = [
    you.canTakeOwnership ? 'take ownership (a member of the owner group or an auditor)' : undefined,
    you.canAttest ? 'attest it (you own it)' : undefined,
  ].filter((item): item is string => item !== undefined);
  if (can.length === 0) return undefined;
  const text = `You can ${can.join(' and ')}.`;
  return { label: 'You', description: text, tooltip: text, icon: 'lightbulb' };
}

export function generatorNode(generator: GeneratorSummary): GeneratorNode {
  const governance = generator.governance;
  const state = governanceStateLabel(governance);
  const suspension = suspensionText(governance);
  const facts = registrationFacts(governance);
  const children: DetailNode[] = [];
  if (suspension) {
    for (const violation of governance.violations.filter((item) => item.action !== 'record'))
      children.push({
        label: violation.action === 'approval' ? 'Held' : 'Refused',
        description: violation.message,
        tooltip: violation.message,
        icon: 'error',
      });
    if (governance.remedy)
      children.push({ label: 'To fix', description: governance.remedy, tooltip: governance.remedy, icon: 'lightbulb' });
  }
  for (const [label, value] of facts)
    children.push({ label, description: value, tooltip: `${label}: ${value}`, icon: FACT_ICONS[label] ?? 'info' });
  if (governance.state !== 'not-enforced' || governance.owner) {
    children.push(definitionNode(governance));
    const attestation = attestationNode(governance);
    if (attestation) children.push(attestation);
  }
  for (const violation of governance.violations.filter((item) => item.action === 'record'))
    children.push({ label: 'Noted', description: violation.message, tooltip: violation.message, icon: 'info' });
  const actions = yourActions(governance);
  if (actions) children.push(actions);
  const tooltip = [
    `${generator.name}: ${generator.description}`,
    `${state}; ${decisionText(generator)}`,
    ...(suspension ? [suspension] : []),
    ...facts.map(([label, value]) => `${label}: ${value}`),
  ].join('\n');
  return {
    name: generator.name,
    label: generator.name,
    description: `${state} · ${decisionText(generator)}`,
    tooltip,
    icon: STATE_ICONS[governance.state],
    contextValue: [
      'generator',
      generator.decision === 'deny' ? 'denied' : 'runnable',
      ...(governance.you.canTakeOwnership ? ['canTakeOwnership'] : []),
      ...(governance.you.canAttest ? ['canAttest'] : []),
    ].join(' '),
    children,
  };
}

/** The registry as the view lists it: suspended generators first (they need someone), then by name. */
export function generatorNodes(generators: readonly GeneratorSummary[]): GeneratorNode[] {
  const rank = (node: GeneratorSummary): number => (node.governance.state === 'suspended' ? 0 : 1);
  return [...generators].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name)).map(generatorNode);
}

/** The picker's second line: why a suspended generator may not run and who can fix it, else owner, purpose and legal basis. */
export function pickerDetail(generator: GeneratorSummary): string {
  const governance = generator.governance;
  const suspension = suspensionText(governance);
  if (suspension) return `$(warning) ${suspension}`;
  const facts = registrationFacts(governance).filter(([label]) => label === 'Owner' || label === 'Purpose' || label === 'Legal basis');
  return [generator.description, ...facts.map(([label, value]) => `${label}: ${value}`)].join(' · ');
}
