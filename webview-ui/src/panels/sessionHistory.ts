/**
 * The session history webview: a filterable (who, generator, decision, status, date range),
 * paged table of recorded sessions; a row opens the session's timeline. The table is a grid for
 * the keyboard: arrows move between rows, Home/End jump, Enter opens. Pages are cursor-based
 * (the gateway's `nextCursor`); Previous walks back through the cursors seen.
 */
import { html, nothing, render, type TemplateResult } from 'lit';
import '../styles/common.css';
import { HostConnection, RequestError } from '../lib/hostConnection.js';
import { appRoot, errorNotice, liveBadge, pill, signedOutNotice, statusTone, viewerLine } from '../lib/common.js';
import { inputValue } from '../lib/elements.js';
import { decisionLabel, formatDateTime, formatDuration, statusLabel } from '../lib/format.js';
import {
  RUN_STATUSES,
  type HistoryFilters,
  type HistoryInit,
  type ProtocolError,
  type SessionHistoryProtocol,
  type SessionSummaryView,
} from '../protocol.js';

const DECISIONS = ['allow', 'deny', 'approval'] as const;

interface SavedState {
  readonly filters: HistoryFilters;
}

interface ViewState {
  context: HistoryInit | undefined;
  /** Filters being edited in the form. */
  draft: HistoryFilters;
  /** Filters of the page shown. */
  applied: HistoryFilters;
  sessions: readonly SessionSummaryView[];
  /** Cursors of the pages before the current one (the first page's is undefined). */
  cursors: Array<string | undefined>;
  cursor: string | undefined;
  nextCursor: string | undefined;
  loading: boolean;
  error: ProtocolError | undefined;
  selected: number;
  /** Sessions changed on the gateway since this page loaded (shown as a hint on later pages). */
  stale: boolean;
}

const host = new HostConnection<SessionHistoryProtocol>();
const saved = host.getState<SavedState>();
const state: ViewState = {
  context: undefined,
  draft: { ...saved?.filters },
  applied: { ...saved?.filters },
  sessions: [],
  cursors: [],
  cursor: undefined,
  nextCursor: undefined,
  loading: false,
  error: undefined,
  selected: 0,
  stale: false,
};
const root = appRoot();
let loadSeq = 0;
/** Generators met in loaded pages: auditors see sessions of generators they may not run themselves. */
const seenGenerators = new Set<string>();

function clean(filters: HistoryFilters): HistoryFilters {
  const entries = Object.entries(filters).flatMap(([key, value]) =>
    typeof value === 'string' && value.trim() !== '' ? [[key, value.trim()] as const] : [],
  );
  const cleaned: HistoryFilters = Object.fromEntries(entries);
  return cleaned;
}

async function load(cursor: string | undefined, focusTable = false): Promise<void> {
  const seq = ++loadSeq;
  state.loading = true;
  state.error = undefined;
  update();
  try {
    const page = await host.request('sessions/page/load', { filters: state.applied, cursor });
    if (seq !== loadSeq) return; // a newer load superseded this one
    state.sessions = page.sessions;
    for (const session of page.sessions) if (session.generator) seenGenerators.add(session.generator);
    state.cursor = cursor;
    state.nextCursor = page.nextCursor;
    state.selected = 0;
    state.stale = false;
  } catch (error) {
    if (seq !== loadSeq) return;
    state.error =
      error instanceof RequestError
        ? { code: error.code, message: error.message }
        : { code: 'internal', message: 'The sessions could not be loaded.' };
    state.sessions = [];
    state.nextCursor = undefined;
  } finally {
    if (seq === loadSeq) {
      state.loading = false;
      update();
      if (focusTable) focusRow(0);
    }
  }
}

function apply(): void {
  state.applied = clean(state.draft);
  state.cursors = [];
  host.setState<SavedState>({ filters: state.applied });
  void load(undefined);
}

function clearFilters(): void {
  state.draft = {};
  apply();
}

function next(): void {
  if (!state.nextCursor) return;
  state.cursors.push(state.cursor);
  void load(state.nextCursor, true);
}

function previous(): void {
  if (state.cursors.length === 0) return;
  const cursor = state.cursors.pop();
  void load(cursor, true);
}

function open(session: SessionSummaryView): void {
  void host.request('session/timeline/open', { sessionId: session.id }).catch((error: unknown) => {
    state.error =
      error instanceof RequestError
        ? { code: error.code, message: error.message }
        : { code: 'internal', message: 'The session could not be opened.' };
    update();
  });
}

function focusRow(index: number): void {
  const rows = root.querySelectorAll<HTMLTableRowElement>('tbody tr[data-session-id]');
  if (rows.length === 0) return;
  const bounded = Math.max(0, Math.min(index, rows.length - 1));
  state.selected = bounded;
  update();
  rows[bounded]?.focus();
}

function onRowKey(event: KeyboardEvent, index: number, session: SessionSummaryView): void {
  switch (event.key) {
    case 'ArrowDown':
      event.preventDefault();
      focusRow(index + 1);
      break;
    case 'ArrowUp':
      event.preventDefault();
      focusRow(index - 1);
      break;
    case 'Home':
      event.preventDefault();
      focusRow(0);
      break;
    case 'End':
      event.preventDefault();
      focusRow(state.sessions.length - 1);
      break;
    case 'PageDown':
      if (state.nextCursor) {
        event.preventDefault();
        next();
      }
      break;
    case 'PageUp':
      if (state.cursors.length > 0) {
        event.preventDefault();
        previous();
      }
      break;
    case 'Enter':
    case ' ':
      event.preventDefault();
      open(session);
      break;
    default:
      break;
  }
}

function setDraft<K extends keyof HistoryFilters>(key: K, value: string): void {
  state.draft = { ...state.draft, [key]: value === '' ? undefined : value };
}

function select(
  id: string,
  label: string,
  key: 'generator' | 'decision' | 'status',
  options: ReadonlyArray<{ value: string; label: string }>,
): TemplateResult {
  const current = state.draft[key] ?? '';
  return html`<div class="filter">
    <vscode-label for=${id}>${label}</vscode-label>
    <vscode-single-select id=${id} data-filter=${key} .value=${current} @change=${(event: Event) => setDraft(key, inputValue(event))}>
      <vscode-option value="" ?selected=${current === ''}>Any</vscode-option>
      ${options.map((option) => html`<vscode-option value=${option.value} ?selected=${current === option.value}>${option.label}</vscode-option>`)}
    </vscode-single-select>
  </div>`;
}

function filtersForm(context: HistoryInit): TemplateResult {
  const auditor = context.viewer.auditor;
  const generators = [
    ...new Set([...context.generators, ...seenGenerators, ...(state.draft.generator ? [state.draft.generator] : [])]),
  ].sort();
  const onSubmit = (event: Event): void => {
    event.preventDefault();
    apply();
  };
  const onEnter = (event: KeyboardEvent): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    }
  };
  return html`<form class="filters" role="search" aria-label="Filter sessions" @submit=${onSubmit} @keydown=${onEnter}>
      ${
        auditor
          ? html`<div class="filter">
              <vscode-label for="filter-subject">Who</vscode-label>
              <vscode-textfield
                id="filter-subject"
                data-filter="subject"
                placeholder="Subject, e.g. bruno"
                .value=${state.draft.subject ?? ''}
                @input=${(event: Event) => setDraft('subject', inputValue(event))}
              ></vscode-textfield>
            </div>`
          : nothing
      }
      ${select(
        'filter-generator',
        'Generator',
        'generator',
        generators.map((name) => ({ value: name, label: name })),
      )}
      ${select(
        'filter-decision',
        'Decision',
        'decision',
        DECISIONS.map((value) => ({ value, label: decisionLabel(value) })),
      )}
      ${select(
        'filter-status',
        'Status',
        'status',
        RUN_STATUSES.map((value) => ({ value, label: statusLabel(value) })),
      )}
      <div class="filter">
        <vscode-label for="filter-from">From</vscode-label>
        <vscode-textfield
          id="filter-from"
          data-filter="from"
          type="date"
          .value=${state.draft.from ?? ''}
          @input=${(event: Event) => setDraft('from', inputValue(event))}
        ></vscode-textfield>
      </div>
      <div class="filter">
        <vscode-label for="filter-to">To</vscode-label>
        <vscode-textfield
          id="filter-to"
          data-filter="to"
          type="date"
          .value=${state.draft.to ?? ''}
          @input=${(event: Event) => setDraft('to', inputValue(event))}
        ></vscode-textfield>
      </div>
      <div class="filter filter-actions">
        <vscode-button data-action="apply" @click=${apply}>Apply</vscode-button>
        <vscode-button data-action="clear" secondary @click=${clearFilters}>Clear</vscode-button>
      </div>
    </form>
    ${auditor ? nothing : html`<p class="muted">You see your own sessions. Auditors see everyone's.</p>`}`;
}

function row(session: SessionSummaryView, index: number): TemplateResult {
  const selected = index === state.selected;
  return html`<tr
    class="clickable"
    tabindex=${selected ? 0 : -1}
    aria-selected=${selected ? 'true' : 'false'}
    data-session-id=${session.id}
    @click=${() => {
      state.selected = index;
      open(session);
    }}
    @focus=${() => {
      if (state.selected !== index) {
        state.selected = index;
        update();
      }
    }}
    @keydown=${(event: KeyboardEvent) => onRowKey(event, index, session)}
  >
    <td>${formatDateTime(session.createdAt)}</td>
    <td>${session.principal.name ?? session.principal.subject}</td>
    <td>${session.generator ?? html`<span class="muted">${session.method} ${session.path}</span>`}</td>
    <td>${pill(decisionLabel(session.decision), statusTone(session.decision))} <span class="muted mono">${session.ruleId}</span></td>
    <td>${pill(statusLabel(session.status), statusTone(session.status))}</td>
    <td class="num">${session.maskedCount}</td>
    <td class="num">${formatDuration(session.totalMs)}</td>
  </tr>`;
}

function table(): TemplateResult {
  const page = state.cursors.length + 1;
  return html`<table class="grid" aria-label="Sessions" aria-busy=${state.loading ? 'true' : 'false'}>
      <caption>
        Sessions, newest first. Arrow keys move between rows; Enter opens the timeline.
      </caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Generator</th>
          <th scope="col">Decision and rule</th>
          <th scope="col">Status</th>
          <th scope="col" title="Values masked">Masked</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        ${
          state.sessions.length === 0
            ? html`<tr>
                <td colspan="7" class="muted">${state.loading ? 'Loading…' : 'No sessions match these filters.'}</td>
              </tr>`
            : state.sessions.map(row)
        }
      </tbody>
    </table>
    <nav class="toolbar" aria-label="Pages">
      <vscode-button secondary data-action="previous" ?disabled=${state.loading || state.cursors.length === 0} @click=${previous}
        >Previous</vscode-button
      >
      <span data-page>Page ${page}</span>
      <vscode-button secondary data-action="next" ?disabled=${state.loading || !state.nextCursor} @click=${next}>Next</vscode-button>
      ${
        state.stale
          ? html`<span class="muted" role="status"
              >New activity:
              <a
                href="#"
                @click=${(event: Event) => {
                  event.preventDefault();
                  state.cursors = [];
                  void load(undefined);
                }}
                >back to the newest</a
              ></span
            >`
          : nothing
      }
    </nav>`;
}

function view(): TemplateResult {
  const context = state.context;
  if (!context) return html`<p class="loading">Loading…</p>`;
  return html`<header class="header">
      <h1>Session history</h1>
      ${liveBadge(context.live)} ${viewerLine(context.viewer)}
      <vscode-button secondary ?disabled=${state.loading} @click=${() => void load(state.cursor)}>Refresh</vscode-button>
    </header>
    ${
      context.viewer.status === 'signedOut'
        ? signedOutNotice('your session history', () => void host.request('auth/session/signIn', {}))
        : html`${filtersForm(context)} ${errorNotice(state.error, () => void host.request('app/log/show', {}))} ${table()}`
    }`;
}

function update(): void {
  render(view(), root);
}

host.onNotification('history/context/didChange', (context) => {
  const first = state.context === undefined || state.context.viewer.subject !== context.viewer.subject;
  state.context = context;
  update();
  if (first && context.viewer.status === 'signedIn') void load(undefined);
  if (context.viewer.status === 'signedOut') {
    state.sessions = [];
    state.cursors = [];
  }
});

host.onNotification('sessions/list/didChange', () => {
  // Newest first: the first page picks changes up; later pages only hint at them.
  if (state.cursors.length === 0) void load(undefined);
  else {
    state.stale = true;
    update();
  }
});

update();
host.ready();
