/**
 * Validates Kubernetes objects offline against the API's own schemas, as `kubectl apply
 * --validate=strict` would against a server:
 * - kubernetes-models' validators, generated from the Kubernetes OpenAPI document, check types,
 *   enums, required fields and formats (a quantity, an int-or-string port);
 * - those validators accept fields they do not know, as the OpenAPI document allows; a misspelt
 *   `livenesProbe` would pass and silently mean no probe. So the same objects are also checked
 *   by the TypeScript compiler against kubernetes-models' generated interfaces, whose
 *   excess-property check names every field the API does not have.
 */
import { resolve } from 'node:path';
import ts from 'typescript';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';

interface KindSchema {
  /** Module of kubernetes-models that declares the kind's interface `I<Kind>`. */
  readonly module: string;
  /** Throws when the object does not match the kind's schema. */
  readonly validate: (object: unknown) => void;
}

type ModelClass = new (data: never) => { validate(): void };

function kind(model: ModelClass, module: string): KindSchema {
  return { module, validate: (object) => new model(object as never).validate() };
}

/** The kinds the examples use, by `apiVersion/kind`. */
const KINDS: ReadonlyMap<string, KindSchema> = new Map([
  ['v1/ConfigMap', kind(ConfigMap, 'kubernetes-models/v1/ConfigMap')],
  ['v1/PersistentVolumeClaim', kind(PersistentVolumeClaim, 'kubernetes-models/v1/PersistentVolumeClaim')],
  ['v1/Service', kind(Service, 'kubernetes-models/v1/Service')],
  ['apps/v1/Deployment', kind(Deployment, 'kubernetes-models/apps/v1/Deployment')],
  ['policy/v1/PodDisruptionBudget', kind(PodDisruptionBudget, 'kubernetes-models/policy/v1/PodDisruptionBudget')],
  ['networking.k8s.io/v1/NetworkPolicy', kind(NetworkPolicy, 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy')],
  ['networking.k8s.io/v1/Ingress', kind(Ingress, 'kubernetes-models/networking.k8s.io/v1/Ingress')],
]);

export interface LabelledObject {
  /** Where the object comes from, used in every problem reported, e.g. `deployment.yaml#3`. */
  readonly label: string;
  readonly object: unknown;
}

function typeKey(object: unknown): string {
  const { apiVersion, kind: kindName } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
  return `${String(apiVersion)}/${String(kindName)}`;
}

/** Problems found by the schema validators (types, enums, required fields, formats). */
export function schemaProblems(objects: readonly LabelledObject[]): string[] {
  const problems: string[] = [];
  for (const { label, object } of objects) {
    const schema = KINDS.get(typeKey(object));
    if (!schema) {
      problems.push(`${label}: no schema for ${typeKey(object)} (known: ${[...KINDS.keys()].join(', ')})`);
      continue;
    }
    try {
      schema.validate(object);
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** Fields that the API does not define, and type mismatches, found by the TypeScript compiler. */
export function unknownFieldProblems(objects: readonly LabelledObject[]): string[] {
  // A file inside the repository, so its imports resolve through node_modules like a test's.
  const virtualFile = resolve('test/deploy/kubernetesManifests.generated.ts');
  const lines: string[] = [];
  const starts: { line: number; label: string }[] = [];
  objects.forEach(({ label, object }, index) => {
    const schema = KINDS.get(typeKey(object));
    if (!schema) return;
    const kindName = typeKey(object).split('/').pop() ?? '';
    lines.unshift(`import type { I${kindName} as T${index} } from '${schema.module}';`);
    starts.push({ line: 0, label });
    lines.push(`export const m${index}: T${index} = ${JSON.stringify(object, null, 2)};`);
  });
  const text = lines.join('\n');
  // Line of each `export const mN` line, to name the object a diagnostic belongs to.
  const sourceLines = text.split('\n');
  let next = 0;
  sourceLines.forEach((line, number) => {
    if (line.startsWith('export const m')) {
      const start = starts[next++];
      if (start) start.line = number;
    }
  });

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.getSourceFile = (fileName, language, ...rest) =>
    fileName === virtualFile ? ts.createSourceFile(fileName, text, language) : readSource(fileName, language, ...rest);
  host.fileExists = (fileName) => fileName === virtualFile || exists(fileName);
  const program = ts.createProgram([virtualFile], options, host);

  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file?.fileName !== virtualFile || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const owner = [...starts].reverse().find((start) => start.line <= line);
    const path = jsonPathAt(sourceLines, line, owner?.line ?? 0);
    return `${owner?.label ?? 'manifest'}${path ? ` at ${path}` : ''}: ${message}`;
  });
}

/** The dotted path of the key on `line` of a JSON.stringify(…, 2) rendering that starts at `from`. */
function jsonPathAt(lines: readonly string[], line: number, from: number): string {
  const path: string[] = [];
  let depth = Infinity;
  for (let n = line; n > from; n--) {
    const current = lines[n] ?? '';
    const indent = current.length - current.trimStart().length;
    if (indent >= depth) continue;
    const key = /^\s*"([^"]+)":/.exec(current)?.[1];
    path.unshift(key ?? '[]');
    depth = indent;
  }
  return path.join('.').replace(/\.\[\]/g, '[]');
}
