/**
 * Starts the real pieces on loopback for end-to-end tests: the dev OpenID provider, the demo
 * AutoGen runtime and a gateway on port 0 with its own SQLite file in a temp folder, under the
 * shipped demo policy (addresses rewritten) or a policy the test writes.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../gateway/config/load.js';
import { startDemoRuntime, type DemoRuntime } from '../../gateway/dev/demoRuntime/server.js';
import { createLogger } from '../../gateway/observability/logger.js';
import { startGateway, type GatewayModule, type RunningGateway } from '../../gateway/server.js';
import { gatewayModules } from '../../gateway/modules.js';
import { SCIM_PATH } from '../../gateway/scim/router.js';
import { loadScimToken } from '../../gateway/scim/token.js';
import { startTestIdp, type TestIdp } from './devIdp.js';
import { PolicyBuilder } from './policyBuilder.js';
import { makeTempDir, removeDir } from './tempDir.js';
import { pinGenerators } from './registration.js';

export interface HarnessOptions {
  /** Changes the demo policy (after addresses are filled in); an edit of what is not there throws. */
  readonly editPolicy?: (policy: PolicyBuilder) => void;
  /** A whole policy instead of the demo one; `{{issuer}}` and `{{runtime}}` are filled in. */
  readonly policy?: string;
  readonly modules?: readonly GatewayModule[];
  readonly clock?: () => Date;
  /** Generators to pin to their definition once the policy is written (as a reviewer would). */
  readonly pin?: readonly string[];
}

export interface Harness {
  readonly dir: string;
  readonly idp: TestIdp;
  readonly runtime: DemoRuntime;
  gateway: RunningGateway;
  readonly policyPath: string;
  /** An access token of a dev account (ana, bruno, carla, ci-bot). */
  token(user: string): Promise<string>;
  /** fetch against the gateway with a user's token (or none). */
  call(path: string, init?: RequestInit & { user?: string | undefined }): Promise<Response>;
  /** Stops and starts the gateway again on the same store (restart tests). */
  restartGateway(): Promise<void>;
  stop(): Promise<void>;
}

export const DEMO_POLICY = readFileSync(resolve('autogen-gate.yaml'), 'utf8');

export function demoPolicyFor(issuer: string, runtimeUrl: string): string {
  return DEMO_POLICY.replaceAll('http://127.0.0.1:8788', issuer)
    .replaceAll('http://127.0.0.1:8789', runtimeUrl)
    .replace('port: 8787', 'port: 0');
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = makeTempDir();
  let gateway: RunningGateway | undefined;
  // The dev IdP pushes offboardings to this gateway's SCIM endpoint, as `npm start` wires it.
  const idp = await startTestIdp(join(dir, 'idp'), {
    provisioning: () =>
      gateway?.config.governance.scim ? { scimUrl: `${gateway.url}${SCIM_PATH}`, token: loadScimToken(gateway.config).token } : undefined,
  });
  const runtime = await startDemoRuntime();
  const policyPath = join(dir, 'autogen-gate.yaml');
  const text = options.policy
    ? options.policy.replaceAll('{{issuer}}', idp.issuer).replaceAll('{{runtime}}', runtime.url)
    : demoPolicyFor(idp.issuer, runtime.url);
  const policy = options.editPolicy ? edited(text, options.editPolicy) : text;
  writeFileSync(policyPath, options.pin ? pinGenerators(policy, policyPath, options.pin) : policy);
  const logger = createLogger({ level: (process.env['AUTOGEN_GATE_TEST_LOG'] as 'info' | undefined) ?? 'silent' });
  const modules = options.modules ?? gatewayModules();
  const launch = async (): Promise<RunningGateway> =>
    (gateway = await startGateway(loadConfig(policyPath), { logger, ...(options.clock ? { clock: options.clock } : {}) }, modules));
  const tokens = new Map<string, string>();
  let started: RunningGateway;
  try {
    started = await launch();
  } catch (error) {
    // A policy the gateway refuses must not leave the IdP, the runtime and the folder behind.
    await runtime.close();
    await idp.close();
    removeDir(dir);
    throw error;
  }

  const harness: Harness = {
    dir,
    idp,
    runtime,
    gateway: started,
    policyPath,
    async token(user) {
      let token = tokens.get(user);
      if (!token) {
        token = await idp.token(user);
        tokens.set(user, token);
      }
      return token;
    },
    async call(path, init = {}) {
      const { user, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (user !== undefined) headers.set('authorization', `Bearer ${await harness.token(user)}`);
      if (rest.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${harness.gateway.url}${path}`, { ...rest, headers });
    },
    async restartGateway() {
      await harness.gateway.close();
      harness.gateway = await launch();
    },
    async stop() {
      await harness.gateway.close();
      await runtime.close();
      await idp.close();
      removeDir(dir);
    },
  };
  return harness;
}

function edited(text: string, edit: (policy: PolicyBuilder) => void): string {
  const builder = new PolicyBuilder(text);
  edit(builder);
  return builder.toString();
}

/**
 * Starts a harness before the suite's tests and stops it after them; returns the running harness.
 * `options` may be a function, for options that need something started in an earlier hook.
 */
export function useHarness(options: HarnessOptions | (() => HarnessOptions) = {}): () => Harness {
  let harness: Harness | undefined;
  before(async () => {
    harness = await startHarness(typeof options === 'function' ? options() : options);
  });
  after(async () => {
    await harness?.stop();
    harness = undefined;
  });
  return () => harness ?? assert.fail('the harness is not running (used outside a test?)');
}
