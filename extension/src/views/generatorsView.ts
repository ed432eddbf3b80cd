/**
 * The Generators view (AutoGen Gate activity bar container): the registry with each generator's
 * governance state, its registration under it, and a Run action on the ones the policy lets the
 * viewer run. Reloaded when the viewer changes and by its refresh button; what each row says
 * comes from generatorNodes.ts.
 */
import * as vscode from 'vscode';
import { describeForLog, type Logger } from '../common/errors.js';
import { Disposable } from '../common/lifecycle.js';
import type { AuthService } from '../services/authService.js';
import type { GatewayService } from '../services/gatewayService.js';
import { generatorNodes, type DetailNode, type GeneratorNode } from './generatorNodes.js';

export const GENERATORS_VIEW_ID = 'autogenGate.generators';

type Node = GeneratorNode | DetailNode;

function isGenerator(node: Node): node is GeneratorNode {
  return 'children' in node;
}

export class GeneratorsView extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this.register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: Promise<GeneratorNode[]> | undefined;
  private readonly view: vscode.TreeView<Node>;

  constructor(
    private readonly gateway: GatewayService,
    private readonly auth: AuthService,
    private readonly log: Logger,
  ) {
    super();
    this.view = this.register(vscode.window.createTreeView(GENERATORS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }));
    this.register(auth.onDidChangeViewer(() => this.refresh()));
  }

  refresh(): void {
    this.nodes = undefined;
    this.changed.fire(undefined);
  }

  private async load(): Promise<GeneratorNode[]> {
    const client = this.gateway.tryClient();
    if (!client || this.auth.viewer.status !== 'signedIn') {
      this.view.message = undefined;
      return [];
    }
    try {
      const nodes = generatorNodes(await client.generators({ includeDenied: true }));
      const suspended = nodes.filter((node) => node.icon === 'warning').length;
      this.view.message = suspended > 0 ? `${suspended} suspended: expand one to see why and who can fix it.` : undefined;
      this.view.badge = suspended > 0 ? { value: suspended, tooltip: `${suspended} generator(s) suspended` } : undefined;
      return nodes;
    } catch (error) {
      this.log.warn(`generators view: ${describeForLog(error)}`);
      this.view.message = `Could not load the generators: ${error instanceof Error ? error.message : String(error)}`;
      return [];
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node) return isGenerator(node) ? [...node.children] : [];
    this.nodes ??= this.load();
    return this.nodes;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      isGenerator(node) ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(
      node.icon,
      node.icon === 'warning' || node.icon === 'error' ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
    );
    if (isGenerator(node)) {
      item.id = `generator:${node.name}`;
      item.contextValue = node.contextValue;
      item.accessibilityInformation = { label: `${node.label}: ${node.description}` };
    }
    return item;
  }

  /** The generator a view action was invoked on. */
  static generatorOf(node: unknown): string | undefined {
    return typeof node === 'object' && node !== null && 'name' in node && typeof node.name === 'string' ? node.name : undefined;
  }
}
