/**
 * The settings as the extension reads them: normalised by settings.ts from
 * `workspace.getConfiguration`, re-read when they change, with problems logged and reported
 * once (with an Open Settings button) and refused where a feature needs the setting.
 */
import * as vscode from 'vscode';
import { ExtensionError, type Logger } from '../common/errors.js';
import { Emitter } from '../common/event.js';
import { Disposable } from '../common/lifecycle.js';
import {
  normaliseSettings,
  problemsFor,
  SECTION,
  SETTING_GROUPS,
  type NormalisedSettings,
  type SettingId,
  type SettingProblem,
  type Settings,
} from './settings.js';

export type SettingGroup = keyof typeof SETTING_GROUPS;

export class Configuration extends Disposable {
  private current: NormalisedSettings;
  private readonly changed = this.register(new Emitter<{ readonly groups: readonly SettingGroup[] }>());
  /** Fires with the groups of settings that changed (gateway, identity). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: Logger) {
    super();
    this.current = this.read();
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SECTION)) return;
        this.current = this.read();
        const groups = (Object.keys(SETTING_GROUPS) as SettingGroup[]).filter((group) =>
          SETTING_GROUPS[group].some((setting) => event.affectsConfiguration(setting)),
        );
        this.logProblems();
        this.changed.fire({ groups });
      }),
    );
  }

  get settings(): Settings {
    return this.current.settings;
  }

  get problems(): readonly SettingProblem[] {
    return this.current.problems;
  }

  /** The settings, or an `invalid_settings` error naming the first bad one of `group` (with Open Settings). */
  require(group: SettingGroup): Settings {
    const problem = problemsFor(this.current.problems, SETTING_GROUPS[group])[0];
    if (problem) throw new ExtensionError('invalid_settings', problem.message, [{ kind: 'openSettings', setting: problem.setting }]);
    return this.current.settings;
  }

  /** Logs every problem; returns them for a one-time notification at start-up. */
  logProblems(): readonly SettingProblem[] {
    for (const problem of this.current.problems) {
      if (problem.severity === 'error') this.log.error(`setting ${problem.setting}: ${problem.message}`);
      else this.log.warn(`setting ${problem.setting}: ${problem.message}`);
    }
    return this.current.problems;
  }

  private read(): NormalisedSettings {
    const config = vscode.workspace.getConfiguration();
    // `get` applies each setting's scope: the application-scoped ones (gateway, issuer, client,
    // audience, sign-in) come from user settings only, never from a workspace, which could
    // otherwise send your token to a gateway or issuer of its choosing.
    return normaliseSettings((setting: SettingId) => config.get<unknown>(setting));
  }
}
