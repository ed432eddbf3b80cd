/**
 * The approvals the signed-in person should see: those they may decide, and their own requests
 * (shown with the buttons disabled and the reason why), plus requests decided while the view
 * was open. Kept current from the gateway's event stream, or by polling when there is none.
 * Feeds the approvals webview, the status bar count and approver notifications. Free of
 * `vscode` imports: tested against the real gateway.
 */
import type { ApprovalDetailView, ApprovalVerdict, GateEvent } from '../../../gateway/api/wire.js';
import type { ApprovalItem, ViewerState } from '../../../webview-ui/src/protocol.js';
import { describeForLog, ExtensionError, type Logger } from '../common/errors.js';
import { Emitter, type Event } from '../common/event.js';
import { Disposable, toDisposable } from '../common/lifecycle.js';
import { GatewayError } from '../../../gateway/api/client/gatewayError.js';
import type { GatewayClient } from '../../../gateway/api/client/gatewayClient.js';
import type { LiveEvents } from '../gateway/liveEvents.js';

function toApprovalItem(view: ApprovalDetailView): ApprovalItem {
  return {
    id: view.approvalId,
    runId: view.runId,
    generator: view.generator,
    generatorDescription: view.generatorDescription || undefined,
    personalData: view.personalData,
    requester: view.requester,
    ruleId: view.ruleId,
    ruleDescription: view.rule.description,
    approverGroups: view.requirement.approvers,
    quorum: view.requirement.description,
    progress: view.progress.summary,
    status: view.status,
    runStatus: view.runStatus,
    input: view.input,
    createdAt: view.createdAt,
    expiresAt: view.expiresAt,
    validUntil: view.validUntil,
    decisions: view.votes.map((vote) => ({
      approver: vote.approver,
      decision: vote.decision,
      reason: vote.reason,
      at: vote.at,
      withdrawnAt: vote.withdrawnAt,
    })),
    outcome: view.outcome ? { code: view.outcome.code, reason: view.outcome.reason, at: view.outcome.at } : undefined,
    mine: view.you.isRequester,
    canDecide: view.you.canDecide,
    cannotDecideReason: view.you.cannotDecideBecause,
    canRevoke: view.you.canRevoke,
  };
}

/** What the approvals model reports when it changes. */
export interface ApprovalsSnapshot {
  readonly items: readonly ApprovalItem[];
  readonly loading: boolean;
  readonly error: { readonly code: string; readonly message: string } | undefined;
  /** False when the gateway has no approvals API (404). */
  readonly available: boolean;
}

export interface ApprovalsModelOptions {
  readonly client: () => GatewayClient | undefined;
  readonly viewer: () => ViewerState;
  readonly live: Pick<LiveEvents, 'onEvent' | 'onResync' | 'onStatus' | 'status'>;
  readonly log: Logger;
  /** Refresh period without a live stream; default 30 s. */
  readonly pollMs?: number;
  /** How long decided requests stay listed; default 1 h. */
  readonly keepDecidedMs?: number;
  readonly now?: () => number;
}

/** Pending first, soonest expiry first; then decided, newest first. */
function order(a: ApprovalItem, b: ApprovalItem): number {
  const aPending = a.status === 'pending' ? 0 : 1;
  const bPending = b.status === 'pending' ? 0 : 1;
  if (aPending !== bPending) return aPending - bPending;
  if (aPending === 0) return Date.parse(a.expiresAt ?? a.createdAt) - Date.parse(b.expiresAt ?? b.createdAt);
  return Date.parse(b.createdAt) - Date.parse(a.createdAt);
}

export class ApprovalsModel extends Disposable {
  private readonly changed = this.register(new Emitter<ApprovalsSnapshot>());
  readonly onDidChange: Event<ApprovalsSnapshot> = this.changed.event;
  private readonly requested = this.register(new Emitter<ApprovalItem>());
  /** A new request the viewer may decide arrived (for approver notifications). */
  readonly onDidRequest: Event<ApprovalItem> = this.requested.event;

  private items = new Map<string, ApprovalItem>();
  private loading = false;
  private error: ApprovalsSnapshot['error'];
  private available = true;
  private refreshing: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly now: () => number;
  private loadedOnce = false;
  /** Requests already announced through onDidRequest. */
  private readonly announced = new Set<string>();

  constructor(private readonly options: ApprovalsModelOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.register(options.live.onEvent((event) => void this.onEvent(event)));
    this.register(options.live.onResync(() => void this.refresh()));
    this.register(options.live.onStatus(() => this.schedulePolling()));
    this.register(toDisposable(() => this.timer && clearInterval(this.timer)));
    this.schedulePolling();
  }

  get snapshot(): ApprovalsSnapshot {
    return { items: [...this.items.values()].sort(order), loading: this.loading, error: this.error, available: this.available };
  }

  /** Requests the viewer may decide now (the status bar count). */
  get decidableCount(): number {
    return [...this.items.values()].filter((item) => item.status === 'pending' && item.canDecide).length;
  }

  /** Forgets everything (sign-out). */
  clear(): void {
    this.items.clear();
    this.announced.clear();
    this.loadedOnce = false;
    this.error = undefined;
    this.fire();
  }

  /** Reloads from the gateway; concurrent calls share one load (and one more after it). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.load().finally(() => {
      this.refreshing = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.refreshing;
  }

  async decide(approvalId: string, decision: ApprovalVerdict, reason: string): Promise<ApprovalItem> {
    const client = this.requireClient();
    const item = toApprovalItem(await client.decide(approvalId, decision, reason));
    this.put(item);
    this.fire();
    return item;
  }

  async revoke(approvalId: string, reason: string): Promise<ApprovalItem> {
    const client = this.requireClient();
    const item = toApprovalItem(await client.revoke(approvalId, reason));
    this.put(item);
    this.fire();
    return item;
  }

  /** One approval, fresh from the gateway (the session timeline shows it). */
  async fetch(approvalId: string): Promise<ApprovalItem> {
    const item = toApprovalItem(await this.requireClient().approval(approvalId));
    if (this.items.has(item.id)) {
      this.put(item);
      this.fire();
    }
    return item;
  }

  private requireClient(): GatewayClient {
    const client = this.options.client();
    if (!client)
      throw new ExtensionError('invalid_settings', 'autogenGate.gatewayUrl is not a valid gateway URL; fix it in the settings.', [
        { kind: 'openSettings', setting: 'autogenGate.gatewayUrl' },
      ]);
    return client;
  }

  private schedulePolling(): void {
    const polling = this.options.live.status !== 'live';
    if (polling && !this.timer) {
      this.timer = setInterval(() => {
        if (this.options.viewer().status === 'signedIn') void this.refresh();
      }, this.options.pollMs ?? 30_000);
      // Node: polling alone must not keep a process (tests) alive.
      (this.timer as { unref?: () => void }).unref?.();
    } else if (!polling && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private async onEvent(event: GateEvent): Promise<void> {
    if (event.type === 'run.updated') return;
    const client = this.options.client();
    if (!client) return;
    try {
      const item = toApprovalItem(await client.approval(event.data.approvalId));
      this.put(item);
      this.fire();
      if (event.type === 'approval.requested') this.announce(item, true);
    } catch (error) {
      this.options.log.warn(`approval ${event.data.approvalId} (${event.type}): ${describeForLog(error)}`);
    }
  }

  private put(item: ApprovalItem): void {
    this.items.set(item.id, item);
  }

  private fire(): void {
    this.changed.fire(this.snapshot);
  }

  private async load(): Promise<void> {
    const client = this.options.client();
    const viewer = this.options.viewer();
    if (!client || viewer.status !== 'signedIn') {
      this.clear();
      return;
    }
    this.loading = true;
    this.fire();
    try {
      // Pending: what the viewer may decide and what they asked for (role "any"). Decided: the
      // last few, shown for an hour so people see what happened.
      const [pending, decided] = await Promise.all([
        client.approvals({ status: 'pending', limit: 100 }),
        client.approvals({ status: 'decided', limit: 10 }),
      ]);
      const cutoff = this.now() - (this.options.keepDecidedMs ?? 3_600_000);
      const ids = [
        ...pending.approvals.map((summary) => summary.approvalId),
        ...decided.approvals
          .filter((summary) => Date.parse(summary.decidedAt ?? summary.createdAt) >= cutoff)
          .map((summary) => summary.approvalId),
      ];
      // The list gives summaries; the view needs the masked input and the caller's standing.
      const details = await Promise.all([...new Set(ids)].map((id) => client.approval(id).then(toApprovalItem, () => undefined)));
      const firstLoad = !this.loadedOnce;
      this.items = new Map(details.flatMap((item) => (item ? [[item.id, item] as const] : [])));
      this.loadedOnce = true;
      this.available = true;
      this.error = undefined;
      // New requests found by polling get the same notification as those from the stream (not
      // the backlog found at start-up: the status bar shows that).
      for (const item of this.items.values()) this.announce(item, !firstLoad);
    } catch (error) {
      if (error instanceof GatewayError && error.status === 404 && error.code === 'not_found') {
        this.available = false;
        this.error = undefined;
      } else {
        this.options.log.warn(`loading approvals: ${describeForLog(error)}`);
        const code = (error as { code?: unknown }).code;
        this.error = {
          code: typeof code === 'string' ? code : 'internal',
          message: error instanceof Error && typeof code === 'string' ? error.message : 'The approvals could not be loaded.',
        };
      }
    } finally {
      this.loading = false;
      this.fire();
    }
  }

  /** Fires onDidRequest once per request the viewer may decide. */
  private announce(item: ApprovalItem, notify: boolean): void {
    if (this.announced.has(item.id) || item.status !== 'pending' || !item.canDecide) return;
    this.announced.add(item.id);
    if (notify) this.requested.fire(item);
  }
}
