/**
 * Quorum arithmetic, apart from storage and HTTP so it is tested on its own.
 *
 * - `any`: one approval from a member of any approver group.
 * - `each`: one approval per listed group, by *distinct* people: a person in two approver groups
 *   covers one of them, never both (otherwise "privacy office and security" collapses into one
 *   person who happens to be in both). Found by bipartite matching of groups to approvers.
 * - `N`: N distinct approvers from the approver groups.
 */
import type { Quorum } from '../config/types.js';

export interface QuorumRequirement {
  readonly approvers: readonly string[];
  readonly quorum: Quorum;
}

/** An approval that counts: who gave it and which approver groups they were in when they did. */
export interface CountedApproval {
  readonly approver: string;
  readonly groups: readonly string[];
}

export interface QuorumProgress {
  readonly satisfied: boolean;
  /** Approvals needed in total (`each`: one per group). */
  readonly required: number;
  /** Distinct approvers who approved. */
  readonly approvals: number;
  /** `each`: groups covered by distinct approvers; otherwise the groups approvers came from. */
  readonly coveredGroups: readonly string[];
  /** `each`: groups still missing an approver; otherwise empty. */
  readonly missingGroups: readonly string[];
  /** One sentence for people: "1 of 2 approvals (missing: security)". */
  readonly summary: string;
}

export function requiredApprovals(requirement: QuorumRequirement): number {
  if (requirement.quorum === 'any') return 1;
  if (requirement.quorum === 'each') return requirement.approvers.length;
  return requirement.quorum;
}

/** Describes a quorum for people: "any member of privacy-office". */
export function describeQuorum(requirement: QuorumRequirement): string {
  const groups = requirement.approvers.join(', ');
  if (requirement.quorum === 'any') return `one member of ${groups}`;
  if (requirement.quorum === 'each') return `one member of each of ${groups} (distinct people)`;
  return `${requirement.quorum} distinct members of ${groups}`;
}

/** The approver groups a person belongs to. */
export function approverGroupsOf(requirement: QuorumRequirement, groups: readonly string[]): string[] {
  return requirement.approvers.filter((group) => groups.includes(group));
}

/** Maximum matching of groups to distinct approvers (Kuhn's augmenting paths; sizes are tiny). */
function matchGroups(groups: readonly string[], approvals: readonly CountedApproval[]): Map<string, string> {
  const owner = new Map<string, string>(); // group -> approver
  const byApprover = new Map<string, readonly string[]>();
  for (const approval of approvals)
    byApprover.set(
      approval.approver,
      approval.groups.filter((group) => groups.includes(group)),
    );
  const tryAssign = (approver: string, visited: Set<string>): boolean => {
    for (const group of byApprover.get(approver) ?? []) {
      if (visited.has(group)) continue;
      visited.add(group);
      const current = owner.get(group);
      if (current === undefined || tryAssign(current, visited)) {
        owner.set(group, approver);
        return true;
      }
    }
    return false;
  };
  for (const approver of byApprover.keys()) tryAssign(approver, new Set());
  return owner;
}

export function evaluateQuorum(requirement: QuorumRequirement, approvals: readonly CountedApproval[]): QuorumProgress {
  // Only approvals from approver groups count, once per person.
  const distinct = new Map<string, CountedApproval>();
  for (const approval of approvals) {
    const groups = approverGroupsOf(requirement, approval.groups);
    if (groups.length === 0 || distinct.has(approval.approver)) continue;
    distinct.set(approval.approver, { approver: approval.approver, groups });
  }
  const counted = [...distinct.values()];
  const required = requiredApprovals(requirement);

  if (requirement.quorum === 'each') {
    const matching = matchGroups(requirement.approvers, counted);
    const covered = requirement.approvers.filter((group) => matching.has(group));
    const missing = requirement.approvers.filter((group) => !matching.has(group));
    const satisfied = missing.length === 0;
    return {
      satisfied,
      required,
      approvals: counted.length,
      coveredGroups: covered,
      missingGroups: missing,
      summary: satisfied
        ? `approved by one member of each group (${covered.join(', ')})`
        : `${covered.length} of ${required} groups approved (missing: ${missing.join(', ')})`,
    };
  }

  const satisfied = counted.length >= required;
  const covered = requirement.approvers.filter((group) => counted.some((approval) => approval.groups.includes(group)));
  return {
    satisfied,
    required,
    approvals: counted.length,
    coveredGroups: covered,
    missingGroups: [],
    summary: `${Math.min(counted.length, required)} of ${required} approval${required === 1 ? '' : 's'}${satisfied ? '' : ` (${required - counted.length} more from ${requirement.approvers.join(', ')})`}`,
  };
}
