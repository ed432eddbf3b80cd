import { strict as assert } from 'node:assert';
import {
  describeQuorum,
  evaluateQuorum,
  requiredApprovals,
  type CountedApproval,
  type QuorumRequirement,
} from '../../../gateway/approvals/quorum.js';

const vote = (approver: string, ...groups: string[]): CountedApproval => ({ approver, groups });

describe('approvals: quorum', () => {
  describe('any', () => {
    const any: QuorumRequirement = { approvers: ['privacy-office', 'security'], quorum: 'any' };

    it('is met by one approval from any approver group', () => {
      assert.equal(evaluateQuorum(any, []).satisfied, false);
      const progress = evaluateQuorum(any, [vote('dev:carla', 'privacy-office')]);
      assert.equal(progress.satisfied, true);
      assert.equal(progress.approvals, 1);
      assert.deepEqual(progress.coveredGroups, ['privacy-office']);
      assert.equal(progress.summary, '1 of 1 approval');
    });

    it('ignores approvals from people outside the approver groups', () => {
      const progress = evaluateQuorum(any, [vote('dev:ana', 'developers')]);
      assert.equal(progress.satisfied, false);
      assert.equal(progress.approvals, 0);
      assert.match(progress.summary, /0 of 1 approval \(1 more from privacy-office, security\)/);
    });
  });

  describe('N distinct approvers', () => {
    const two: QuorumRequirement = { approvers: ['privacy-office'], quorum: 2 };

    it('needs N different people', () => {
      assert.equal(requiredApprovals(two), 2);
      assert.equal(evaluateQuorum(two, [vote('dev:carla', 'privacy-office')]).satisfied, false);
      assert.equal(evaluateQuorum(two, [vote('dev:carla', 'privacy-office'), vote('dev:diego', 'privacy-office')]).satisfied, true);
    });

    it('counts one person once, however often they appear', () => {
      const progress = evaluateQuorum(two, [vote('dev:carla', 'privacy-office'), vote('dev:carla', 'privacy-office')]);
      assert.equal(progress.satisfied, false);
      assert.equal(progress.approvals, 1);
    });

    it('tells the same subject at another issuer apart (principals are issuer:subject)', () => {
      assert.equal(evaluateQuorum(two, [vote('dev:carla', 'privacy-office'), vote('company:carla', 'privacy-office')]).satisfied, true);
    });
  });

  describe('each', () => {
    const each: QuorumRequirement = { approvers: ['privacy-office', 'security'], quorum: 'each' };

    it('needs one approver from every group', () => {
      const partial = evaluateQuorum(each, [vote('dev:carla', 'privacy-office')]);
      assert.equal(partial.satisfied, false);
      assert.deepEqual(partial.coveredGroups, ['privacy-office']);
      assert.deepEqual(partial.missingGroups, ['security']);
      assert.match(partial.summary, /1 of 2 groups approved \(missing: security\)/);
      assert.equal(evaluateQuorum(each, [vote('dev:carla', 'privacy-office'), vote('dev:sergio', 'security')]).satisfied, true);
    });

    it('does not let one person in two groups cover both', () => {
      const progress = evaluateQuorum(each, [vote('dev:dora', 'privacy-office', 'security')]);
      assert.equal(progress.satisfied, false);
      assert.equal(progress.coveredGroups.length, 1);
    });

    it('re-matches people so that a member of both groups covers the one nobody else can', () => {
      // dora (both) approved first and took privacy-office; carla (privacy-office only) then arrives:
      // the matching moves dora to security and the quorum is met.
      const progress = evaluateQuorum(each, [vote('dev:dora', 'privacy-office', 'security'), vote('dev:carla', 'privacy-office')]);
      assert.equal(progress.satisfied, true);
      assert.deepEqual(progress.missingGroups, []);
    });
  });

  it('describes quorums for people', () => {
    assert.equal(describeQuorum({ approvers: ['privacy-office'], quorum: 'any' }), 'one member of privacy-office');
    assert.equal(describeQuorum({ approvers: ['a', 'b'], quorum: 'each' }), 'one member of each of a, b (distinct people)');
    assert.equal(describeQuorum({ approvers: ['a'], quorum: 3 }), '3 distinct members of a');
  });
});
