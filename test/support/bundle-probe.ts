import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FUNCTIONS_DIR_CONTEXT, RotaFunction } from '../../cdk/constructs/rota-function';

const run = promisify(execFile);

/**
 * A stand-in handler of test/infra/fixtures built for real through
 * RotaFunction (the deployed esbuild options and aliases), and a way to run
 * it in a clean process, as a Lambda's: no profile, no shared config files.
 */
export function buildProbe(handler: string, outdir: string) {
  const app = new App({
    outdir,
    context: { [FUNCTIONS_DIR_CONTEXT]: path.join(import.meta.dirname, '../infra/fixtures') },
  });
  const stack = new Stack(app, 'Probe');
  new RotaFunction(stack, 'Probe', { handler });
  const [fn] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  const key: string = fn!.Properties.Code.S3Key;
  const bundle = path.join(app.synth().directory, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
  const runner = path.join(outdir, 'invoke.mjs');
  fs.writeFileSync(
    runner,
    'const { handler } = await import(process.argv[2]); process.stdout.write(await handler());\n',
  );
  return {
    bundle,
    /** The source files the bundle was built from, by its source map. */
    sources: (): string[] => JSON.parse(fs.readFileSync(`${bundle}.map`, 'utf8')).sources,
    /** Runs the handler once with only these variables (and PATH, HOME, AWS_REGION); its output. */
    invoke: async (env: Record<string, string>) =>
      (
        await run(process.execPath, [runner, bundle], {
          env: { PATH: process.env.PATH ?? '', HOME: outdir, AWS_REGION: 'eu-west-2', ...env },
          timeout: 30_000,
        })
      ).stdout,
  };
}
