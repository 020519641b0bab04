import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FUNCTIONS_DIR_CONTEXT, REPO_ROOT } from '../../cdk/constructs/rota-function';
import { RotaBankStack, type RotaBankStackProps } from '../../cdk/stack';
import { ROUTES } from '../../lib/http/routes';

/** Handlers the stack deploys besides the routes'. */
export const EVENT_HANDLERS = ['on-outbox', 'on-inbound-sms', 'on-schedule', 'run-payroll-export'] as const;

export const DEPLOYED_HANDLERS: readonly string[] = [
  ...ROUTES.filter((r) => !('localOnly' in r && r.localOnly)).map((r) => r.handler),
  ...EVENT_HANDLERS,
];

export const REAL_FUNCTIONS_DIR = path.join(REPO_ROOT, 'functions');

export function missingHandlers(): string[] {
  return DEPLOYED_HANDLERS.filter((h) => !fs.existsSync(path.join(REAL_FUNCTIONS_DIR, `${h}.ts`)));
}

let standIns: string | undefined;

/**
 * functions/ itself when every handler is there; otherwise a throwaway
 * folder of empty stand-ins, so the stack's shape can be checked while
 * handlers are still being written (one test reports the missing ones).
 * Bundling is skipped, so stand-ins are never built.
 */
function functionsDir(): string {
  if (missingHandlers().length === 0) return REAL_FUNCTIONS_DIR;
  if (!standIns) {
    // Under the project root, as NodejsFunction insists; node_modules/.cache is already ignored by git.
    const cache = path.join(REPO_ROOT, 'node_modules', '.cache');
    fs.mkdirSync(cache, { recursive: true });
    standIns = fs.mkdtempSync(path.join(cache, 'rota-bank-handlers-'));
    for (const handler of DEPLOYED_HANDLERS) {
      const file = path.join(standIns, `${handler}.ts`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'export const handler = async () => undefined;\n');
    }
  }
  return standIns;
}

export interface Synthesised {
  readonly app: App;
  readonly stack: RotaBankStack;
  readonly template: Template;
}

/** The stack with bundling skipped: seconds instead of a bundle per function. */
export function synthesise(props: RotaBankStackProps = {}, context: Record<string, unknown> = {}): Synthesised {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], [FUNCTIONS_DIR_CONTEXT]: functionsDir(), ...context },
  });
  const stack = new RotaBankStack(app, 'RotaBank', {
    webAssetsDir: path.join(os.tmpdir(), 'rota-bank-no-web-build'),
    ...props,
  });
  return { app, stack, template: Template.fromStack(stack) };
}
