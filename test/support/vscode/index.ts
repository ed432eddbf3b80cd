/**
 * The VS Code UI-test harness: start VS Code with the extension installed (code-server here,
 * desktop VS Code where `VSCODE_TEST_ELECTRON=1`), drive its workbench with Playwright, read the
 * extension's logs. See docs/testing.md.
 */
export { DEFAULT_TEST_SETTINGS, freePort, startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer.js';
export { startElectronVsCode, type ElectronVsCode, type ElectronVsCodeOptions } from './electron.js';
export { activationError, readAllLogs, readExtensionHostLog, readExtensionLog, waitForActivation, waitForLog } from './logs.js';
export {
  artifactsDir,
  CODE_SERVER_VERSION,
  codeServerEntryPath,
  HarnessError,
  isCodeServerInstalled,
  node24Path,
  repoRoot,
  uiTestsCacheDir,
  type HarnessErrorCode,
} from './paths.js';
export {
  launchVsCode,
  selectedBackend,
  requireUiTestsInstalled,
  type VsCodeBackend,
  type VsCodeSession,
  type VsCodeSessionOptions,
} from './session.js';
export * from './workbench.js';
