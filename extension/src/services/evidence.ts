/**
 * Export Evidence: asks the gateway for a signed evidence bundle (one session, or a period) and
 * saves it where the user says. The bundle is the gateway's (signed with its key; anyone can
 * verify it offline with `autogen-gate evidence verify`); the extension only moves the bytes.
 */
import * as vscode from 'vscode';
import type { Logger } from '../common/errors.js';
import type { EvidenceDownload } from '../../../gateway/api/client/gatewayClient.js';
import type { GatewayService } from './gatewayService.js';

export type EvidenceScope =
  { readonly kind: 'session'; readonly sessionId: string } | { readonly kind: 'period'; readonly from: string; readonly to: string };

/** `json`: the signed bundle (verifiable offline); `html`: the readable report for the privacy office. */
export type EvidenceFormat = 'json' | 'html';

/** The query of GET /api/v1/evidence for a scope and format. */
function evidenceQuery(scope: EvidenceScope, format: EvidenceFormat): Record<string, string> {
  const base: Record<string, string> = scope.kind === 'session' ? { session: scope.sessionId } : { from: scope.from, to: scope.to };
  return format === 'html' ? { ...base, format: 'html' } : base;
}

/** The file name the gateway would give it (`evidence-session-<id>.json`, `evidence-<from>-<to>.json`). */
function defaultEvidenceName(scope: EvidenceScope): string {
  const stamp = (iso: string): string => iso.replace(/[:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return scope.kind === 'session' ? `evidence-session-${scope.sessionId}.json` : `evidence-${stamp(scope.from)}-${stamp(scope.to)}.json`;
}

/** The format the user chose by the file name they gave: `.html` is the report, anything else the bundle. */
function formatOf(path: string): EvidenceFormat {
  return /\.html?$/i.test(path) ? 'html' : 'json';
}

export class EvidenceExporter {
  constructor(
    private readonly gateway: GatewayService,
    private readonly log: Logger,
  ) {}

  /**
   * Asks where to save (the save dialog; a `.html` name gets the readable report, anything else
   * the signed bundle), downloads, writes the bytes exactly as signed. Resolves with the file, or
   * undefined when the user cancelled the dialog.
   */
  async export(scope: EvidenceScope): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: scope.kind === 'session' ? 'Export the evidence of this session' : 'Export the evidence of this period',
      saveLabel: 'Export Evidence',
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, defaultEvidenceName(scope)) } : {}),
      filters: { 'Signed evidence bundle (JSON)': ['json'], 'Readable report (HTML)': ['html'] },
    });
    if (!target) return undefined;
    const format = formatOf(target.path);
    const download: EvidenceDownload = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'AutoGen Gate: exporting evidence…', cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          return await this.gateway.client.download('/api/v1/evidence', evidenceQuery(scope, format), { signal: abort.signal });
        } finally {
          cancel.dispose();
        }
      },
    );
    await vscode.workspace.fs.writeFile(target, download.body);
    this.log.info(
      `evidence (${scope.kind === 'session' ? `session ${scope.sessionId}` : `${scope.from} to ${scope.to}`}, ${download.contentType}, ${download.body.byteLength} bytes) saved to ${target.toString(true)}`,
    );
    return target;
  }
}
