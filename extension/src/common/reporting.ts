/**
 * Two layers of error reporting: the detail (cause chain, gateway request id, error code) goes
 * to the log output channel; the user gets one short sentence that says what to do, with buttons
 * that do it (Sign In, Open Settings, Show Log, Retry).
 */
import * as vscode from 'vscode';
import { COMMAND } from '../constants.js';
import { GatewayError } from '../../../gateway/api/client/gatewayError.js';
import { describeForLog, ExtensionError, isCancellation, type FixAction, type Logger } from './errors.js';

const LABELS: Record<FixAction['kind'], string> = {
  signIn: 'Sign In',
  openSettings: 'Open Settings',
  showLog: 'Show Log',
  retry: 'Retry',
};

/** The sentence and fixes users see for an error. */
function userFacing(error: unknown): { readonly message: string; readonly fixes: readonly FixAction[] } {
  if (error instanceof ExtensionError) return { message: error.message, fixes: error.fix };
  if (error instanceof GatewayError) {
    switch (error.code) {
      case 'invalid_token':
        return {
          message:
            'The gateway did not accept your sign-in. Sign in again; if it persists, check autogenGate.issuer and autogenGate.audience.',
          fixes: [{ kind: 'signIn' }, { kind: 'openSettings', setting: 'autogenGate.issuer' }],
        };
      case 'gateway_unreachable':
      case 'timeout':
        return { message: error.message, fixes: [{ kind: 'retry' }, { kind: 'openSettings', setting: 'autogenGate.gatewayUrl' }] };
      case 'identity_unavailable':
      case 'store_unavailable':
      case 'shutting_down':
        return { message: error.message, fixes: [{ kind: 'retry' }] };
      case 'bad_response':
        return {
          message: `${error.message} Is autogenGate.gatewayUrl the gateway?`,
          fixes: [{ kind: 'openSettings', setting: 'autogenGate.gatewayUrl' }, { kind: 'showLog' }],
        };
      default:
        if (error.status >= 500)
          return {
            message: `${error.message}${error.requestId ? ` (request ${error.requestId})` : ''}`,
            fixes: [{ kind: 'retry' }, { kind: 'showLog' }],
          };
        return { message: error.message, fixes: [] };
    }
  }
  return { message: 'Something went wrong in the AutoGen Gate extension. The log has the details.', fixes: [{ kind: 'showLog' }] };
}

export class ErrorReporter {
  constructor(private readonly log: Logger) {}

  /** Logs `error` in full and shows `what: <sentence>` with its fixes; cancellations are only logged. */
  async report(error: unknown, what: string, retry?: () => unknown): Promise<void> {
    if (isCancellation(error)) {
      this.log.info(`${what}: cancelled`);
      return;
    }
    const requestId = error instanceof GatewayError && error.requestId ? ` [gateway request ${error.requestId}]` : '';
    this.log.error(`${what}: ${describeForLog(error)}${requestId}`);
    const { message, fixes } = userFacing(error);
    const usable = fixes.filter((fix) => fix.kind !== 'retry' || retry !== undefined);
    const choice = await vscode.window.showErrorMessage(`${what}: ${message}`, ...usable.map((fix) => LABELS[fix.kind]));
    const fix = usable.find((candidate) => LABELS[candidate.kind] === choice);
    if (!fix) return;
    switch (fix.kind) {
      case 'signIn':
        await vscode.commands.executeCommand(COMMAND.signIn);
        break;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', fix.setting);
        break;
      case 'showLog':
        await vscode.commands.executeCommand(COMMAND.showLog);
        break;
      case 'retry':
        await retry?.();
        break;
    }
  }
}
