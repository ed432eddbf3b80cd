/**
 * The base of every webview panel (one class per panel, as the VS Code samples do): creates or
 * revives the panel with a strict CSP and `localResourceRoots` limited to `dist/webview`, waits
 * for the webview's `ready` before posting anything (its script may not listen yet, and a hidden
 * panel reloads its document when shown again, sending `ready` anew), routes typed requests to
 * handlers and answers them, and queues notifications until the webview listens.
 */
import * as vscode from 'vscode';
import { describeForLog, ExtensionError, type Logger } from '../common/errors.js';
import { Disposable } from '../common/lifecycle.js';
import { Emitter } from '../common/event.js';
import { GatewayError } from '../../../gateway/api/client/gatewayError.js';
import {
  isWebviewToHost,
  PROTOCOL_VERSION,
  WEBVIEWS,
  type NotificationMessage,
  type NotificationMethod,
  type NotificationParams,
  type PanelProtocol,
  type ProtocolError,
  type RequestMethod,
  type RequestParams,
  type RequestResult,
  type ResponseMessage,
  type WebviewName,
} from '../../../webview-ui/src/protocol.js';
import { webviewHtml } from './webviewHtml.js';

/** One handler per request method of the protocol. */
export type RequestHandlers<P extends PanelProtocol> = {
  readonly [M in RequestMethod<P>]: (params: RequestParams<P, M>) => Promise<RequestResult<P, M>>;
};

/** The folder the webview may load from: the bundled UI and nothing else. */
function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [webviewRoot(extensionUri)],
    // The ready handshake restores a hidden panel's state; no need to keep it in memory.
    retainContextWhenHidden: false,
    enableFindWidget: true,
  };
}

/** What an error looks like in a webview: a code and a message fit for people (detail stays in the log). */
export function toProtocolError(error: unknown): ProtocolError {
  if (error instanceof GatewayError || error instanceof ExtensionError) return { code: error.code, message: error.message };
  return { code: 'internal', message: 'Something went wrong in the extension. Details are in the AutoGen Gate log.' };
}

export abstract class WebviewPanelHost<P extends PanelProtocol> extends Disposable {
  private ready = false;
  private queued = new Map<string, NotificationMessage>();
  private readonly disposeEmitter = this.register(new Emitter<void>());
  readonly onDidDispose = this.disposeEmitter.event;

  protected constructor(
    readonly panel: vscode.WebviewPanel,
    protected readonly extensionUri: vscode.Uri,
    private readonly webviewName: WebviewName,
    protected readonly log: Logger,
  ) {
    super();
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
    this.register(
      panel.onDidChangeViewState(({ webviewPanel }) => {
        // A panel that becomes hidden drops its document; it sends `ready` again when shown.
        if (!webviewPanel.visible) this.ready = false;
      }),
    );
    panel.webview.html = this.html();
  }

  /** The request handlers of this panel. */
  protected abstract readonly handlers: RequestHandlers<P>;

  /** Called after each `ready`: post the state the webview needs. */
  protected abstract onReady(): void | Promise<void>;

  /** Posts a notification now, or when the webview is ready; a newer one of the same method replaces a queued one. */
  notify<M extends NotificationMethod<P>>(method: M, params: NotificationParams<P, M>): void {
    const message: NotificationMessage = { kind: 'notification', method, params };
    if (!this.ready) {
      this.queued.set(method, message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.disposeEmitter.fire();
    super.dispose();
    this.panel.dispose();
  }

  private html(): string {
    const root = webviewRoot(this.extensionUri);
    const script = WEBVIEWS[this.webviewName].script;
    return webviewHtml({
      cspSource: this.panel.webview.cspSource,
      scriptUri: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(root, `${script}.js`)).toString(),
      styleUri: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(root, `${script}.css`)).toString(),
      title: this.panel.title,
      name: this.webviewName,
    });
  }

  private async receive(message: unknown): Promise<void> {
    if (!isWebviewToHost(message)) {
      this.log.warn(`${this.webviewName} webview sent an unknown message; ignored`);
      return;
    }
    if (message.kind === 'ready') {
      if (message.protocol !== PROTOCOL_VERSION)
        this.log.warn(`${this.webviewName} webview speaks protocol ${message.protocol}, the host ${PROTOCOL_VERSION}`);
      this.ready = true;
      // What was queued while the webview loaded goes first; onReady then posts fresher state.
      for (const notification of this.queued.values()) void this.panel.webview.postMessage(notification);
      this.queued.clear();
      try {
        await this.onReady();
      } catch (error) {
        this.log.error(`${this.webviewName}: preparing the view failed: ${describeForLog(error)}`);
      }
      return;
    }
    const handler = (this.handlers as Record<string, ((params: unknown) => Promise<unknown>) | undefined>)[message.method];
    let response: ResponseMessage;
    if (!handler) {
      response = {
        kind: 'response',
        id: message.id,
        ok: false,
        error: { code: 'unknown_method', message: `Unknown request ${message.method}.` },
      };
    } else {
      try {
        response = { kind: 'response', id: message.id, ok: true, result: await handler.call(this.handlers, message.params) };
      } catch (error) {
        this.log.error(
          `${this.webviewName}: ${message.method} failed: ${describeForLog(error)}${error instanceof GatewayError && error.requestId ? ` (request id ${error.requestId})` : ''}`,
        );
        response = { kind: 'response', id: message.id, ok: false, error: toProtocolError(error) };
      }
    }
    if (!this.isDisposed) void this.panel.webview.postMessage(response);
  }
}
