/**
 * How the commands that talk to the gateway fail: one exit code per kind of failure (stable,
 * docs/ci.md) and a message that names what is wrong and what to do next.
 */
import { GatewayError } from '../../api/client/gatewayError.js';
import type { CliContext } from '../context.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { TokenSourceError } from './tokenSources.js';

/** A flag or argument the command cannot use; exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Maps a gateway or client error to an exit code and a message that says what to check. */
export function exitFor(error: unknown, gatewayUrl: string): { code: ExitCodeValue; message: string } {
  if (error instanceof UsageError) return { code: ExitCode.usage, message: error.message };
  if (error instanceof TokenSourceError) return { code: ExitCode.gatewayUnreachable, message: `cannot authenticate: ${error.message}` };
  if (!(error instanceof GatewayError)) return { code: ExitCode.failure, message: error instanceof Error ? error.message : String(error) };
  switch (error.code) {
    case 'denied_by_policy':
    case 'approval_required': {
      // Newer gateways name the rule in the message; say it once.
      const rule = error.ruleId && !error.message.includes(error.ruleId) ? ` (rule ${error.ruleId})` : '';
      return { code: ExitCode.deniedByPolicy, message: `denied by policy${rule}: ${error.message}` };
    }
    case 'forbidden':
    case 'own_request':
    case 'not_an_approver':
      return { code: ExitCode.deniedByPolicy, message: `refused: ${error.message}` };
    case 'approval_expired':
    case 'approval_closed':
    case 'already_decided':
    case 'nothing_to_revoke':
      return { code: ExitCode.approvalDeniedOrExpired, message: error.message };
    case 'invalid_token':
      return {
        code: ExitCode.gatewayUnreachable,
        message: `authentication failed: the gateway refused the token. Check that its issuer is listed in the gateway's identity.issuers, that the token's audience matches (--audience), and that it has not expired. (request ${error.requestId ?? '?'})`,
      };
    case 'bad_request':
    case 'not_found':
    case 'payload_too_large':
      return { code: ExitCode.usage, message: error.message };
    case 'upstream_unreachable':
    case 'upstream_timeout':
    case 'upstream_error':
    case 'upstream_uninspectable':
    case 'masking_failed':
      return { code: ExitCode.upstreamFailed, message: `the run failed: ${error.message}` };
    case 'gateway_unreachable':
      return {
        code: ExitCode.gatewayUnreachable,
        message: `cannot reach the gateway at ${gatewayUrl}: check --gateway (or AUTOGEN_GATE_URL), that the gateway runs (npm start), and that this machine can reach it.`,
      };
    case 'timeout':
      return { code: ExitCode.gatewayUnreachable, message: `the gateway at ${gatewayUrl} did not answer in time.` };
    default:
      return error.status >= 500 || error.status === 0
        ? { code: ExitCode.gatewayUnreachable, message: `the gateway is unavailable: ${error.message} (request ${error.requestId ?? '?'})` }
        : { code: ExitCode.failure, message: error.message };
  }
}

/** Writes the failure on stderr and sets the exit code. */
export function reportFailure(ctx: CliContext, error: unknown, gatewayUrl: string): void {
  const { code, message } = exitFor(error, gatewayUrl);
  ctx.io.stderr.write(`autogen-gate: ${message}\n`);
  ctx.setExitCode(code);
}
