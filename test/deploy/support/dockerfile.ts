/**
 * A Dockerfile parsed into its stages (dockerfile-ast, the parser of VS Code's Docker language
 * server), with build arguments expanded in base images; and the build context as the builder
 * sees it once `.dockerignore` has been applied.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';

export interface Stage {
  readonly name: string | undefined;
  /** Base image with build arguments replaced by their defaults, e.g. `node:20-bookworm-slim`. */
  readonly image: string;
  readonly instructions: readonly Instruction[];
}

export interface ParsedDockerfile {
  readonly stages: readonly Stage[];
  /** Build arguments declared before the first FROM, with their defaults. */
  readonly args: ReadonlyMap<string, string>;
}

export function parseDockerfile(path: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(readFileSync(path, 'utf8'));
  const args = new Map<string, string>();
  const stages: { name: string | undefined; image: string; instructions: Instruction[] }[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const [image = '', as, name] = instruction.getArguments().map((argument) => argument.getValue());
      const expanded = image.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_match, variable: string) => args.get(variable) ?? '');
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : undefined, image: expanded, instructions: [] });
    } else if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = instruction.getArgumentsContent()?.split('=', 2) ?? [];
      if (name) args.set(name, value);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { stages, args };
}

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.getKeyword() === keyword);
}

/** Flags of an instruction (`--from=build`, `--interval=30s`) by name. */
export function flagsOf(instruction: Instruction): Map<string, string | null> {
  const withFlags = instruction as Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] };
  return new Map((withFlags.getFlags?.() ?? []).map((flag) => [flag.getName(), flag.getValue()]));
}

/** The words of an instruction after its flags, e.g. COPY's sources and destination. */
export function argumentsOf(instruction: Instruction): string[] {
  return instruction
    .getArguments()
    .map((argument) => argument.getValue())
    .filter((value) => !value.startsWith('--'));
}

/** The exec-form (JSON array) command of an instruction, or undefined for the shell form. */
export function execForm(text: string | null): string[] | undefined {
  if (text === null || !text.trim().startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) && parsed.every((part) => typeof part === 'string') ? parsed : undefined;
}

/**
 * Files of the build context: every file below `root` that `.dockerignore` admits, with paths
 * relative to `root`. Folders the file excludes are not walked unless an exception (`!path`)
 * could re-admit something inside them.
 */
export function buildContextFiles(root: string): string[] {
  const rules = readFileSync(join(root, '.dockerignore'), 'utf8');
  // A CommonJS module whose typings declare an ES default export: the function is `.default` for TypeScript.
  const ignore = dockerignoreModule.default({ ignorecase: false }).add(rules);
  const exceptions = rules
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1).replace(/\/+$/, ''));
  const mayReadmit = (dir: string): boolean =>
    exceptions.some((exception) => exception === dir || exception.startsWith(`${dir}/`) || /[*?[]/.test(exception.split('/')[0] ?? ''));

  const files: string[] = [];
  const walk = (relativeDir: string): void => {
    for (const name of readdirSync(join(root, relativeDir)).sort()) {
      const path = relativeDir ? `${relativeDir}/${name}` : name;
      const full = join(root, path);
      if (lstatSync(full).isDirectory()) {
        if (!ignore.ignores(path) || mayReadmit(path)) walk(path);
      } else if (!ignore.ignores(path)) {
        files.push(path);
      }
    }
  };
  walk('');
  return files;
}
