/**
 * What a pin covers and how it is written: the definition hash ignores YAML layout and key order
 * but not one character of what runs (team config and the source code its tools carry, task,
 * input schema, upstream); `generator pin --write` changes one line of the policy file.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../gateway/config/load.js';
import { definitionHash, definitionOf, teamHash } from '../../../gateway/governance/definition.js';
import { setPinned } from '../../../gateway/governance/pinFile.js';
import { runCli } from '../../support/cli.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

const FILE = '/etc/autogen-gate/autogen-gate.yaml';

const BLOCK = `version: 1
identity:
  issuers:
    - { id: company, issuer: https://login.example.com, audience: autogen-gate }
upstreams:
  autogen: { type: autogen-studio, url: http://studio:8081 }
generators:
  # The monthly report: reviewed by the privacy office.
  report:
    upstream: autogen
    task: "Write the report for {{month}}"
    team:
      provider: autogen_agentchat.teams.RoundRobinGroupChat
      config:
        participants:
          - provider: autogen_core.tools.FunctionTool
            config: { source_code: "def lookup(): return db.customers()", name: lookup }
  notes: { upstream: autogen, team: { label: notes } }
rules:
  - { id: everyone, generators: ["*"], decision: allow }
`;

function hashOf(text: string, name = 'report'): string {
  const config = parseConfig(text, FILE);
  const generator = config.generators.get(name);
  assert.ok(generator);
  return definitionHash(definitionOf(generator, config.upstreams.get(generator.upstream)));
}

describe('generator definitions and pins', () => {
  it('hashes what runs, not how the YAML is laid out', () => {
    const flow = BLOCK.replace(
      /  report:\n(?:    .*\n|      .*\n)+/,
      `  report: { team: { config: { participants: [ { config: { name: lookup, source_code: "def lookup(): return db.customers()" }, provider: autogen_core.tools.FunctionTool } ] }, provider: autogen_agentchat.teams.RoundRobinGroupChat }, task: "Write the report for {{month}}", upstream: autogen }\n`,
    );
    assert.notEqual(flow, BLOCK);
    assert.match(hashOf(BLOCK), /^sha256:[0-9a-f]{64}$/);
    assert.equal(hashOf(flow), hashOf(BLOCK));
  });

  it("changes when one character of the team, its tools' source code, the task or the input schema changes", () => {
    const base = hashOf(BLOCK);
    for (const changed of [
      BLOCK.replace('db.customers()', 'db.customers(all=True)'),
      BLOCK.replace('{{month}}', '{{month}} '),
      BLOCK.replace('    upstream: autogen\n    task', '    upstream: autogen\n    input: { type: object }\n    task'),
      BLOCK.replace('RoundRobinGroupChat', 'SelectorGroupChat'),
    ]) {
      assert.notEqual(changed, BLOCK);
      assert.notEqual(hashOf(changed), base);
    }
    assert.equal(hashOf(BLOCK.replace('# The monthly report', '# The report')), base, 'comments are not the definition');
  });

  it('matches a raw team to its generator whatever the key order', () => {
    const team = parseConfig(BLOCK, FILE).generators.get('report')?.team;
    const reordered = JSON.parse(JSON.stringify({ config: team?.['config'], provider: team?.['provider'] })) as unknown;
    assert.equal(teamHash(reordered), teamHash(team));
    assert.notEqual(teamHash({ ...team, label: 'x' }), teamHash(team));
  });

  it('writes a pin as one added line, or replaces the pin in place, and leaves everything else as it was', () => {
    const hash = `sha256:${'1'.repeat(64)}`;
    const added = setPinned(BLOCK, 'report', hash);
    assert.equal(added, BLOCK.replace('  report:\n', `  report:\n    pinned: ${hash}\n`));
    const replaced = setPinned(added, 'report', `sha256:${'2'.repeat(64)}`);
    assert.equal(replaced, added.replace(hash, `sha256:${'2'.repeat(64)}`));
    const flow = setPinned(BLOCK, 'notes', hash);
    assert.equal(flow, BLOCK.replace('  notes: { upstream', `  notes: { pinned: ${hash}, upstream`));
    assert.equal(parseConfig(flow, FILE).generators.get('notes')?.registration.pinned, hash);
  });

  describe('autogen-gate generator pin', () => {
    let dir: string;
    before(() => {
      dir = makeTempDir('autogen-gate-pin-');
      writeFileSync(join(dir, 'autogen-gate.yaml'), BLOCK);
    });
    after(() => removeDir(dir));

    it('prints the hash and what it covers, and says the policy pins nothing yet', async () => {
      const result = await runCli(['generator', 'pin', 'report'], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.split('\n')[0], `report: ${hashOf(BLOCK)}`);
      assert.match(
        result.stdout,
        /covers: upstream autogen \(autogen-studio\), task template \(30 characters\), team config \(2 components, 1 tool with source code, \d+ bytes\)/,
      );
      assert.match(result.stdout, /pinned in the policy: nothing yet/);
      assert.match(result.stdout, /After review, pin it with: autogen-gate generator pin report --write/);
    });

    it('writes the pin with --write, and then finds it matching', async () => {
      const written = await runCli(['generator', 'pin', 'report', '--write'], { cwd: dir });
      assert.equal(written.code, 0, written.stderr);
      assert.match(written.stdout, /Wrote pinned: sha256:[0-9a-f]{64} to .*autogen-gate\.yaml \(generators\.report\)/);
      assert.equal(readFileSync(join(dir, 'autogen-gate.yaml'), 'utf8'), setPinned(BLOCK, 'report', hashOf(BLOCK)));
      const again = await runCli(['generator', 'pin', 'report', '--write'], { cwd: dir });
      assert.match(again.stdout, /the same hash \(the definition is as reviewed\)\nNothing to write/);
    });

    it('shows the definition it covers with --show, and names the closest generator when one is mistyped', async () => {
      const shown = await runCli(['generator', 'pin', 'report', '--show'], { cwd: dir });
      assert.match(shown.stdout, /"format": "autogen-gate\.generator-definition\/1"/);
      assert.match(shown.stdout, /"source_code": "def lookup\(\): return db\.customers\(\)"/);
      const typo = await runCli(['generator', 'pin', 'reprot'], { cwd: dir });
      assert.equal(typo.code, 2);
      assert.match(typo.stderr, /There is no generator named reprot\. Did you mean report\?/);
    });
  });
});
