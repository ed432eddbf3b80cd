/** Ids the manifest (package.json `contributes`) and the code share. */

/** `publisher.name`. */
export const EXTENSION_ID = 'autogen-gate.autogen-gate';

/** The authentication provider (Accounts menu, `vscode.authentication.getSession`). */
export const AUTH_PROVIDER_ID = 'autogen-gate';
export const AUTH_PROVIDER_LABEL = 'AutoGen Gate';

/** The output channel ("Show Log"). */
export const LOG_CHANNEL = 'AutoGen Gate';

/** Command ids, `autogenGate.verbNoun`, category "AutoGen Gate" in the manifest. */
export const COMMAND = {
  signIn: 'autogenGate.signIn',
  signInWithDeviceCode: 'autogenGate.signInWithDeviceCode',
  signOut: 'autogenGate.signOut',
  runGenerator: 'autogenGate.runGenerator',
  showApprovals: 'autogenGate.showApprovals',
  showSessionHistory: 'autogenGate.showSessionHistory',
  openSession: 'autogenGate.openSession',
  exportEvidence: 'autogenGate.exportEvidence',
  showLog: 'autogenGate.showLog',
  openSettings: 'autogenGate.openSettings',
  refreshGenerators: 'autogenGate.refreshGenerators',
  takeOwnership: 'autogenGate.takeOwnership',
  attestGenerator: 'autogenGate.attestGenerator',
} as const;

/** Context keys for `when` clauses. */
export const CONTEXT_KEY = {
  signedIn: 'autogenGate.signedIn',
  isApprover: 'autogenGate.isApprover',
} as const;
