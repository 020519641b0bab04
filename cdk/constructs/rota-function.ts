import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel as EsbuildLogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { BUNDLE_ALIASES, bundleDefines, ESM_REQUIRE_BANNER, LAMBDA_NODE_FLAGS } from './lambda-bundling';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Context key naming the folder the handler modules are read from. Only tests
 * set it: to fixture handlers, or to stand-ins for any handler a route names
 * that a checkout lacks, so a synth test needs no bundling. A deployment
 * always reads `functions/`.
 */
export const FUNCTIONS_DIR_CONTEXT = 'rotaBank:functionsDir';

/**
 * What a resource's `bind…`/`grant…` method needs from a function: a principal
 * to grant to, a place to set the resource's variable, and a construct to hang
 * nag acknowledgements on.
 */
export interface Bindable extends iam.IGrantable, IConstruct {
  addEnvironment(key: string, value: string): void;
}

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface RotaFunctionProps {
  /** Module under `functions/`, without extension, exporting `handler`: `http/get-health`. */
  readonly handler: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default - none beyond the Powertools and source map variables */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default 'INFO' */
  readonly logLevel?: LogLevel;
  /** @default - the handler module */
  readonly description?: string;
  /**
   * Shared by many functions (the API's routes) to keep the stack under
   * CloudFormation's 500 resources; each function writes its own streams.
   * @default - a log group of its own, kept a month
   */
  readonly logGroup?: LogGroup;
}

/** `functions/<handler>.ts`, or the stand-in folder a test named in context. */
export function handlerEntry(scope: IConstruct, handler: string): string {
  const dir: string = scope.node.tryGetContext(FUNCTIONS_DIR_CONTEXT) ?? path.join(REPO_ROOT, 'functions');
  return path.join(dir, `${handler}.ts`);
}

/**
 * Every Lambda of the app, with its defaults in one place: Node 22 on arm64,
 * an ESM bundle with the AWS SDK inside (its version is ours, not the
 * runtime's, and a minified bundle loads faster than the runtime's copy from
 * node_modules) less the credential providers a Lambda cannot use, source
 * maps, X-Ray, and a log group we own with a month's retention, written to
 * through a role scoped to that group alone.
 */
export class RotaFunction extends Construct implements Bindable {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: LogGroup;
  readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: RotaFunctionProps) {
    super(scope, id);
    const entry = handlerEntry(this, props.handler);
    if (!fs.existsSync(entry)) {
      throw new Error(`${this.node.path}: no handler module at ${path.relative(REPO_ROOT, entry)}`);
    }

    this.logGroup = props.logGroup ?? new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    // Our own role instead of AWSLambdaBasicExecutionRole, whose log rights cover every group in the account.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);
    this.grantPrincipal = this.role;

    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      description: props.description ?? props.handler,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'rota-bank',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...(LAMBDA_NODE_FLAGS.length > 0 ? { NODE_OPTIONS: LAMBDA_NODE_FLAGS.join(' ') } : {}),
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        define: bundleDefines(props.handler),
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        bundleAwsSDK: true,
        esbuildArgs: {
          '--alias': Object.entries(BUNDLE_ALIASES).map(([from, to]) => `${from}=${to}`),
        },
        logLevel: EsbuildLogLevel.WARNING,
      },
    });

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node 22 on purpose: it is the Node line the project builds and tests for (tsconfig target, esbuild target, ' +
        'the AWS SDK support window). Moving every function to a newer runtime is one change here, made deliberately.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which accept no resource narrower than "*". ' +
        'Any other "*" on this function carries its own acknowledgement where it is granted.',
    });
  }

  addEnvironment(key: string, value: string): void {
    this.function.addEnvironment(key, value);
  }
}
