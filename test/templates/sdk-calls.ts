/**
 * The AWS calls a function's code can make, found by reading its sources:
 * every `new XxxCommand(…)` (and `paginateXxx(…)`) whose name is imported
 * from an `@aws-sdk/client-*` package, with the IAM action it needs. Static on
 * purpose: a call that no test reaches still needs its permission in AWS.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ROOT } from './templates';

const FUNCTIONS_DIR = path.join(ROOT, 'functions');
const CORE_DIR = path.join(FUNCTIONS_DIR, 'core');
/** Folders a function's code reaches into besides its own: core/, and runs/ (the rotation function's close-run step). */
const SHARED_DIRS = [CORE_DIR, path.join(FUNCTIONS_DIR, 'runs')];

/** IAM service prefix of each SDK client package; a package missing here fails the test rather than being skipped. */
export const SERVICE_OF_PACKAGE: Readonly<Record<string, string>> = {
  '@aws-sdk/client-cloudtrail': 'cloudtrail',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-organizations': 'organizations',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  // SES API v2 shares the `ses` action namespace with v1: v2 SendEmail needs ses:SendEmail.
  '@aws-sdk/client-sesv2': 'ses',
  '@aws-sdk/client-sqs': 'sqs',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-sts': 'sts',
};

/** Operations whose IAM action is not named after them (Service Authorization Reference). */
export const ACTION_OF_OPERATION: Readonly<Record<string, string>> = {
  'sqs:SendMessageBatch': 'sqs:SendMessage',
  's3:DeleteObjects': 's3:DeleteObject',
  's3:ListObjectsV2': 's3:ListBucket',
};

export interface SdkCall {
  /** Relative to the repository root, with the line: where to look when the test fails. */
  readonly at: string;
  readonly action: string;
}

/** `functions/<name>/**\/*.ts`, plus every functions/core file they import, directly or through other core files. */
export function sourcesOf(functionName: string): string[] {
  const own = listTs(path.join(FUNCTIONS_DIR, functionName));
  const files = new Set(own);
  const pending = [...own];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    for (const imported of relativeImports(file)) {
      if (SHARED_DIRS.some((dir) => imported.startsWith(dir + path.sep)) && !files.has(imported)) {
        files.add(imported);
        pending.push(imported);
      }
    }
  }
  return [...files].sort();
}

export function sdkCallsIn(files: readonly string[]): SdkCall[] {
  return files.flatMap((file) => callsInFile(file, parse(file)));
}

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return listTs(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

function moduleSpecifiers(source: ts.SourceFile): string[] {
  return source.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
      ? [statement.moduleSpecifier.text]
      : [],
  );
}

function relativeImports(file: string): string[] {
  return moduleSpecifiers(parse(file))
    .filter((specifier) => specifier.startsWith('.'))
    .flatMap((specifier) => {
      const base = path.resolve(path.dirname(file), specifier);
      return [`${base}.ts`, path.join(base, 'index.ts')].filter((candidate) => {
        try {
          return statSync(candidate).isFile();
        } catch {
          return false;
        }
      });
    });
}

/** Local name -> package, for every value imported from an AWS SDK client package. */
function sdkImports(source: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const pkg = statement.moduleSpecifier.text;
    const bindings = statement.importClause?.namedBindings;
    if (!pkg.startsWith('@aws-sdk/client-') || !bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) names.set(element.name.text, pkg);
  }
  return names;
}

function callsInFile(file: string, source: ts.SourceFile): SdkCall[] {
  const imported = sdkImports(source);
  const calls: SdkCall[] = [];
  const record = (node: ts.Node, localName: string, operation: string): void => {
    const pkg = imported.get(localName);
    if (pkg === undefined) return;
    const service = SERVICE_OF_PACKAGE[pkg];
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const at = `${path.relative(ROOT, file)}:${line}`;
    if (service === undefined) throw new Error(`${at}: ${pkg} has no IAM service prefix in SERVICE_OF_PACKAGE`);
    const action = `${service}:${operation}`;
    calls.push({ at, action: ACTION_OF_OPERATION[action] ?? action });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      const original = originalName(source, name);
      const match = /^(\w+)Command$/.exec(original);
      if (match?.[1]) record(node, name, match[1]);
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      const match = /^paginate(\w+)$/.exec(originalName(source, name));
      if (match?.[1]) record(node, name, match[1]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

/** The exported name behind a local alias (`import { X as Y }`), so an alias cannot hide a call. */
function originalName(source: ts.SourceFile, local: string): string {
  for (const statement of source.statements) {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) if (element.name.text === local) return element.propertyName?.text ?? local;
  }
  return local;
}
