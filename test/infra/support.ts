import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FUNCTIONS_DIR_CONTEXT, REPO_ROOT } from '../../cdk/constructs/rota-function';
import { RotaBankStack, type RotaBankStackProps } from '../../cdk/stack';
import { ROUTES } from '../../lib/routes/index';

/** Handlers the stack deploys besides the routes'. */
export const EVENT_HANDLERS = [
  'on-outbox',
  'on-inbound-sms',
  'on-schedule',
  'run-payroll-export',
  'on-report-totals',
  'on-document-upload',
] as const;

export const DEPLOYED_HANDLERS: readonly string[] = [
  ...ROUTES.filter((r) => !('localOnly' in r && r.localOnly)).map((r) => r.handler),
  ...EVENT_HANDLERS,
];

export const REAL_FUNCTIONS_DIR = path.join(REPO_ROOT, 'functions');

export function missingHandlers(): string[] {
  return DEPLOYED_HANDLERS.filter((h) => !fs.existsSync(path.join(REAL_FUNCTIONS_DIR, `${h}.ts`)));
}

const standIns = new Map<string, string>();

/**
 * functions/ itself when every handler is there; otherwise a throwaway
 * folder of empty stand-ins, so the stack's shape can be checked while
 * handlers are still being written (one test reports the missing ones), or
 * with routes a test made up. Bundling is skipped, so stand-ins are never built.
 */
function functionsDir(routes?: RotaBankStackProps['routes']): string {
  const handlers = routes
    ? [...routes.filter((r) => !r.localOnly).map((r) => r.handler), ...EVENT_HANDLERS]
    : DEPLOYED_HANDLERS;
  if (handlers.every((h) => fs.existsSync(path.join(REAL_FUNCTIONS_DIR, `${h}.ts`)))) return REAL_FUNCTIONS_DIR;
  const key = handlers.join(',');
  if (!standIns.has(key)) {
    // Under the project root, as NodejsFunction insists; node_modules/.cache is already ignored by git.
    const cache = path.join(REPO_ROOT, 'node_modules', '.cache');
    fs.mkdirSync(cache, { recursive: true });
    const dir = fs.mkdtempSync(path.join(cache, 'rota-bank-handlers-'));
    for (const handler of handlers) {
      const file = path.join(dir, `${handler}.ts`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'export const handler = async () => undefined;\n');
    }
    standIns.set(key, dir);
  }
  return standIns.get(key)!;
}

/** CloudFormation JSON, read by shape. */
type Json = Record<string, any>;

export interface Synthesised {
  readonly app: App;
  readonly stack: RotaBankStack;
  /** The root stack's template alone. */
  readonly template: Template;
  /** Every resource of the root stack and its nested stacks, as `flattenStack` reads them. */
  readonly resources: Record<string, Json>;
  /** Each nested stack's template, by the nested stack's construct path. */
  readonly nested: ReadonlyMap<string, Template>;
}

/** The nested stacks directly under a stack (nested stacks nested deeper belong to those). */
export function nestedStacksOf(stack: Stack): NestedStack[] {
  return stack.node
    .findAll()
    .filter((c): c is NestedStack => NestedStack.isNestedStack(c) && c.nestedStackParent === stack);
}

const mapJson = (value: unknown, fn: (node: Json) => unknown | undefined): unknown => {
  if (Array.isArray(value)) return value.map((v) => mapJson(v, fn));
  if (value && typeof value === 'object') {
    const replaced = fn(value as Json);
    if (replaced !== undefined) return replaced;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapJson(v, fn)]));
  }
  return value;
};

/**
 * The resources of a stack and of every stack nested in it, as if they were
 * one template: a nested stack's parameter is replaced by the value its parent
 * passes it, and the parent's read of a nested stack's output by the output's
 * value, so a reference reads `{Ref: <the resource>}` whichever stack holds
 * either end. Logical ids are unique across the stacks (checked).
 */
export function flattenStack(stack: Stack): Record<string, Json> {
  const own: Record<string, Json> = Template.fromStack(stack).toJSON().Resources;
  const nested = nestedStacksOf(stack).map((child) => {
    const resourceId = stack.resolve(child.nestedStackResource!.logicalId) as string;
    const parameters: Json = own[resourceId]!.Properties?.Parameters ?? {};
    const template = Template.fromStack(child).toJSON();
    const substitute = (node: Json) =>
      typeof node.Ref === 'string' && node.Ref in parameters ? parameters[node.Ref] : undefined;
    const outputs = Object.fromEntries(
      Object.entries((template.Outputs ?? {}) as Json).map(([id, o]) => [id, mapJson(o.Value, substitute)]),
    );
    const resources = mapJson(flattenStack(child), substitute) as Record<string, Json>;
    return { resourceId, outputs, resources };
  });
  const readOutput = (node: Json) => {
    const [id, attribute] = (node['Fn::GetAtt'] as [string, string] | undefined) ?? [];
    const child = nested.find((n) => n.resourceId === id);
    if (!child || !attribute?.startsWith('Outputs.')) return undefined;
    return child.outputs[attribute.slice('Outputs.'.length)];
  };
  const all = mapJson(own, readOutput) as Record<string, Json>;
  for (const child of nested) {
    for (const [id, resource] of Object.entries(child.resources)) {
      if (id in all) throw new Error(`logical id ${id} is in more than one stack`);
      all[id] = mapJson(resource, readOutput) as Json;
    }
  }
  return all;
}

/** The stack with bundling skipped: seconds instead of a bundle per function. */
export function synthesise(props: RotaBankStackProps = {}, context: Record<string, unknown> = {}): Synthesised {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], [FUNCTIONS_DIR_CONTEXT]: functionsDir(props.routes), ...context },
  });
  const stack = new RotaBankStack(app, 'RotaBank', {
    webAssetsDir: path.join(os.tmpdir(), 'rota-bank-no-web-build'),
    ...props,
  });
  return {
    app,
    stack,
    template: Template.fromStack(stack),
    resources: flattenStack(stack),
    nested: new Map(nestedStacksOf(stack).map((n) => [n.node.path, Template.fromStack(n)])),
  };
}
