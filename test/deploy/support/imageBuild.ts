/**
 * Builds what the gateway image holds under its WORKDIR without a container engine. Each stage
 * gets a folder standing for its WORKDIR; the build stage's COPY steps take files from the build
 * context (after `.dockerignore`), its RUN steps run there as written, and the runtime stage's
 * COPY steps assemble the image's application files.
 *
 * Two kinds of step cannot run here and are stood in for, each reported:
 * - installing system packages (apt-get): the compilers only serve sqlite3's native addon;
 * - `npm ci` (and the sqlite3 rebuild chained to it): the repository's own node_modules, installed
 *   from the same lockfile with the addon built, hard-linked so nothing is downloaded or compiled.
 * The runtime stage's RUN steps change system files (users, /var/lib) and are checked statically.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import { argumentsOf, buildContextFiles, flagsOf, parseDockerfile, type Stage } from './dockerfile.js';

export interface BuildStep {
  readonly stage: string;
  readonly instruction: string;
  readonly how: 'ran' | 'stood in' | 'skipped';
}

export interface BuiltImageFiles {
  /** Folder standing for each stage's WORKDIR, by stage name. */
  readonly stageDirs: ReadonlyMap<string, string>;
  /** The last stage's WORKDIR: the application files of the image. */
  readonly appDir: string;
  /** The last stage's WORKDIR inside the image, e.g. `/app`. */
  readonly appWorkdir: string;
  readonly steps: readonly BuildStep[];
}

/** Copies a folder's content into another, hard-linking files when both are on one file system. */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  const linked = spawnSync('cp', ['-al', `${from}/.`, `${to}/`], { encoding: 'utf8' });
  if (linked.status === 0) return;
  const copied = spawnSync('cp', ['-a', `${from}/.`, `${to}/`], { encoding: 'utf8' });
  if (copied.status !== 0) throw new Error(`cannot copy ${from} to ${to}: ${copied.stderr}`);
}

function envOf(instruction: Instruction): [string, string][] {
  const withProperties = instruction as Instruction & { getProperties?: () => { getName(): string; getValue(): string | null }[] };
  return (withProperties.getProperties?.() ?? []).map((property) => [property.getName(), property.getValue() ?? '']);
}

interface StageState {
  readonly name: string;
  readonly dir: string;
  workdir: string | undefined;
  readonly env: Map<string, string>;
}

/** Where a path inside a stage's filesystem lives here; only paths under its WORKDIR exist. */
function hostPath(state: StageState, containerPath: string): string {
  if (state.workdir === undefined) throw new Error(`stage ${state.name}: a COPY or RUN before WORKDIR cannot be built here`);
  const absolute = posix.resolve(state.workdir, containerPath);
  const inside = posix.relative(state.workdir, absolute);
  if (inside.startsWith('..')) throw new Error(`stage ${state.name}: ${containerPath} is outside WORKDIR ${state.workdir}`);
  return join(state.dir, inside);
}

/** Runs the build of `dockerfile` (context `contextRoot`) into folders under `workDir`. */
export function buildImageFiles(dockerfile: string, contextRoot: string, workDir: string): BuiltImageFiles {
  const parsed = parseDockerfile(dockerfile);
  const context = buildContextFiles(contextRoot);
  const states = new Map<string, StageState>();
  const steps: BuildStep[] = [];

  const copyFromContext = (state: StageState, sources: readonly string[], destination: string): void => {
    for (const source of sources) {
      const prefix = source.replace(/\/+$/, '').replace(/^\.\//, '');
      const isDir = context.some((file) => file.startsWith(`${prefix}/`));
      if (!isDir && !context.includes(prefix)) throw new Error(`COPY ${source}: not in the build context (see .dockerignore)`);
      const target = hostPath(state, destination);
      if (isDir) {
        for (const file of context.filter((path) => path.startsWith(`${prefix}/`))) {
          const to = join(target, file.slice(prefix.length + 1));
          mkdirSync(dirname(to), { recursive: true });
          copyFileSync(join(contextRoot, file), to);
        }
      } else {
        const to = destination.endsWith('/') || sources.length > 1 ? join(target, basename(prefix)) : target;
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(join(contextRoot, prefix), to);
      }
    }
  };

  const copyFromStage = (state: StageState, from: StageState, sources: readonly string[], destination: string): void => {
    for (const source of sources) {
      const origin = hostPath(from, source);
      if (!existsSync(origin)) throw new Error(`COPY --from=${from.name} ${source}: the build stage did not produce it`);
      const target = hostPath(state, destination);
      if (source.endsWith('/')) copyTree(origin, target);
      else {
        const to = destination.endsWith('/') ? join(target, basename(origin)) : target;
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(origin, to);
      }
    }
  };

  const run = (state: StageState, command: string, isLastStage: boolean): BuildStep['how'] => {
    if (/^apt-get\b/.test(command) || isLastStage) return 'skipped';
    if (/^npm ci\b/.test(command)) {
      copyTree(join(contextRoot, 'node_modules'), join(state.dir, 'node_modules'));
      // npm may rewrite its hidden lockfile in place: give the copy its own.
      const hidden = join(state.dir, 'node_modules', '.package-lock.json');
      if (existsSync(hidden)) {
        rmSync(hidden);
        copyFileSync(join(contextRoot, 'node_modules', '.package-lock.json'), hidden);
      }
      return 'stood in';
    }
    const result = spawnSync('sh', ['-c', command], {
      cwd: state.dir,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? state.dir,
        ...Object.fromEntries(state.env),
        npm_config_offline: 'true',
      },
    });
    if (result.status !== 0) throw new Error(`RUN ${command}\nfailed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    return 'ran';
  };

  parsed.stages.forEach((stage: Stage, index) => {
    const name = stage.name ?? String(index);
    const state: StageState = { name, dir: join(workDir, name), workdir: undefined, env: new Map() };
    mkdirSync(state.dir, { recursive: true });
    states.set(name, state);
    const isLastStage = index === parsed.stages.length - 1;
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      const text = `${keyword} ${instruction.getArgumentsContent() ?? ''}`.replace(/\s+/g, ' ').trim();
      if (keyword === 'WORKDIR') state.workdir = posix.resolve(state.workdir ?? '/', argumentsOf(instruction)[0] ?? '/');
      else if (keyword === 'ENV') for (const [key, value] of envOf(instruction)) state.env.set(key, value);
      else if (keyword === 'COPY' || keyword === 'ADD') {
        const words = argumentsOf(instruction);
        const destination = words.at(-1) ?? '.';
        const fromStage = flagsOf(instruction).get('from');
        if (fromStage) {
          const from = states.get(fromStage);
          if (!from) throw new Error(`${text}: no earlier stage named ${fromStage}`);
          copyFromStage(state, from, words.slice(0, -1), destination);
        } else copyFromContext(state, words.slice(0, -1), destination);
        steps.push({ stage: name, instruction: text, how: 'ran' });
      } else if (keyword === 'RUN') {
        steps.push({ stage: name, instruction: text, how: run(state, instruction.getArgumentsContent() ?? '', isLastStage) });
      }
    }
  });

  const last = [...states.values()].at(-1);
  if (!last?.workdir) throw new Error(`${dockerfile}: the last stage sets no WORKDIR`);
  return { stageDirs: new Map([...states].map(([name, state]) => [name, state.dir])), appDir: last.dir, appWorkdir: last.workdir, steps };
}
