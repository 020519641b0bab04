import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Synthesised, synthesise } from './support';

/** CloudFormation JSON, read by shape. */
type Json = Record<string, any>;

/**
 * The stack's two optional inputs, both switched on in one synth: a web build
 * to deploy and a number to send SMS from. (stack.test.ts covers the stack
 * without either.)
 */
describe('the stack with a web build and an origination number', () => {
  const build = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-bank-web-'));
  fs.writeFileSync(path.join(build, 'index.html'), '<!doctype html><title>Rota Bank</title>');
  let synthesised: Synthesised;
  let resources: Record<string, Json>;

  beforeAll(() => {
    synthesised = synthesise({ webAssetsDir: build, originationNumber: '+447700900123' });
    resources = synthesised.resources;
  });
  afterAll(() => fs.rmSync(build, { recursive: true, force: true }));

  it('deploys the web build to the bucket and invalidates the distribution', () => {
    synthesised.template.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/*'] });
  });

  it('sends SMS from the origination number', () => {
    const [, outbox] = Object.entries(resources).find(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.includes('OnOutbox'),
    )!;
    expect(outbox.Properties.Environment.Variables.SMS_ORIGINATION_NUMBER).toBe('+447700900123');
  });

  it('lets the SMS service publish replies to the inbound topic', () => {
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::SNS::TopicPolicy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'sns:Publish', Principal: { Service: 'sms-voice.amazonaws.com' } }),
    );
  });

  it('still finds nothing unacknowledged in the AwsSolutions checks (the deployment handler included)', () => {
    const report = new AwsSolutionsChecks(synthesised.stack).validateScope(synthesised.stack);
    expect(
      report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
  });
});

describe('the origination number', () => {
  it('is refused unless it is a UK number in E.164', () => {
    expect(() => synthesise({ originationNumber: '07700900123' })).toThrow(/UK number in E\.164/);
  });
});
