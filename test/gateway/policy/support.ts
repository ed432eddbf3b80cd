/** Policies for the policy tests: two issuers (people, GitHub Actions), one upstream, the rules given. */
import { parseConfig } from '../../../gateway/config/load.js';
import { PolicyEngine } from '../../../gateway/policy/engine.js';

/** A policy engine over `rules` (YAML list items) for the generators `generators` (YAML map entries). */
export function testPolicy(generators: string, rules: string): PolicyEngine {
  const text = `version: 1
identity:
  issuers:
    - { id: company, issuer: https://login.example.com, audience: autogen-gate }
    - { id: github, issuer: https://token.actions.githubusercontent.com, audience: autogen-gate, kind: pipeline }
upstreams:
  autogen: { type: autogen-studio, url: http://studio:8081 }
generators:
${generators}
rules:
${rules}`;
  return new PolicyEngine(parseConfig(text, '/tmp/policy.yaml').rules);
}
