/**
 * Opens a run's masked result in a new untitled editor in the generator's output language, and
 * says what was masked. The text is exactly what the gateway returned (masked before it left the
 * gateway): the extension never sees the unmasked result.
 */
import * as vscode from 'vscode';
import type { MaskingSummaryView, OutputFormat, RunView } from '../../../gateway/api/wire.js';

/** VS Code language ids per output format; formats without a built-in language fall back to plain text. */
const LANGUAGES: Readonly<Record<OutputFormat, string>> = {
  markdown: 'markdown',
  plaintext: 'plaintext',
  json: 'json',
  yaml: 'yaml',
  csv: 'csv',
  typescript: 'typescript',
  javascript: 'javascript',
  python: 'python',
  java: 'java',
  sql: 'sql',
  html: 'html',
};

async function languageFor(format: OutputFormat | string): Promise<string> {
  const wanted = (LANGUAGES as Readonly<Record<string, string>>)[format] ?? 'plaintext';
  const known = await vscode.languages.getLanguages();
  return known.includes(wanted) ? wanted : 'plaintext';
}

/** `14 values masked (cpf 6, name 6, email 2)` or `nothing masked`. */
export function maskingSummary(masking: MaskingSummaryView): string {
  if (masking.count === 0) return 'nothing was masked';
  const parts = Object.entries(masking.byDetector)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([detector, count]) => `${detector} ${count}`);
  return `${masking.count} value${masking.count === 1 ? '' : 's'} masked (${parts.join(', ')})`;
}

/** Opens the result of a finished run; returns the editor (undefined when the run has no result). */
export async function openRunResult(run: RunView): Promise<vscode.TextEditor | undefined> {
  if (!run.result) return undefined;
  const document = await vscode.workspace.openTextDocument({ language: await languageFor(run.result.format), content: run.result.text });
  return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Active });
}
