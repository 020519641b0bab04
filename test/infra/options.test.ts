import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Synthesised, synthesise } from './support';

/** CloudFormation JSON, read by shape. */
type Json = Record<string, any>;

/**
 * The stack's optional inputs, all switched on in one synth: a web build to
 * deploy, a number to send SMS from and an address to send email from.
 * (stack.test.ts covers the stack without them.)
 */
describe('the stack with a web build, an origination number and an email sender', () => {
  const build = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-bank-web-'));
  fs.writeFileSync(path.join(build, 'index.html'), '<!doctype html><title>Rota Bank</title>');
  let synthesised: Synthesised;
  let resources: Record<string, Json>;

  beforeAll(() => {
    synthesised = synthesise({
      webAssetsDir: build,
      originationNumber: '+447700900123',
      emailFrom: 'Rota Bank <bank@Somerset.example.nhs.uk>',
      cognitoEmailThroughSes: true,
      // SES identities are regional: Cognito's sender names the stack's region.
      env: { region: 'eu-west-2' },
    });
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

  it('sends email through SES from the address, and lets only the outbox relay send it, from that domain only', () => {
    const identities = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SES::EmailIdentity');
    expect(identities).toHaveLength(1);
    const [identityId, identity] = identities[0]!;
    expect(identity.Properties.EmailIdentity).toBe('somerset.example.nhs.uk');

    const functions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    const senders = functions.filter(([, fn]) => 'EMAIL_FROM' in (fn.Properties.Environment?.Variables ?? {}));
    expect(senders.map(([id]) => id)).toEqual([expect.stringMatching(/OnOutbox/)]);
    expect(senders[0]![1].Properties.Environment.Variables.EMAIL_FROM).toBe('Rota Bank <bank@Somerset.example.nhs.uk>');

    const sesStatements = (roleId: string) =>
      Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: Json) => role.Ref === roleId))
        .flatMap((r) => r.Properties.PolicyDocument.Statement)
        .filter((st: Json) => [st.Action].flat().some((a: string) => a.startsWith('ses:')));
    for (const [id, fn] of functions) {
      const roleId = fn.Properties.Role?.['Fn::GetAtt']?.[0];
      const statements = roleId ? sesStatements(roleId) : [];
      if (id !== senders[0]![0]) {
        expect(statements, id).toEqual([]);
        continue;
      }
      expect(statements).toHaveLength(1);
      expect([statements[0].Action].flat().sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      // The identity's own ARN, built from its logical id: never "*".
      expect(JSON.stringify(statements[0].Resource)).toContain(identityId);
    }
  });

  it("sends Cognito's own emails (temporary passwords, reset codes) through SES from the same address", () => {
    const pools = Object.values(resources).filter((r) => r.Type === 'AWS::Cognito::UserPool');
    expect(pools).toHaveLength(1);
    const email = pools[0]!.Properties.EmailConfiguration;
    expect(email.EmailSendingAccount).toBe('DEVELOPER');
    expect(email.From).toBe('Rota Bank <bank@somerset.example.nhs.uk>');
    expect(JSON.stringify(email.SourceArn)).toContain(':ses:eu-west-2:');
    expect(JSON.stringify(email.SourceArn)).toContain(':identity/somerset.example.nhs.uk');
  });

  it('prints the three DKIM records the domain must publish', () => {
    const outputs = (synthesised.template.toJSON().Outputs ?? {}) as Json;
    const dkim = Object.entries(outputs).filter(([id]) => id.includes('EmailDkim'));
    expect(dkim).toHaveLength(3);
    for (const [, output] of dkim) {
      expect(output.Description).toMatch(/somerset\.example\.nhs\.uk.*CNAME/);
      expect(JSON.stringify(output.Value)).toMatch(/DkimDNSTokenName.*CNAME.*DkimDNSTokenValue/);
    }
    expect(Annotations.fromStack(synthesised.stack).findWarning('*', Match.stringLikeRegexp('emailFrom'))).toEqual([]);
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

describe('the email sender', () => {
  it('is needed for Cognito to send through SES', () => {
    expect(() => synthesise({ cognitoEmailThroughSes: true })).toThrow(/cognitoEmailThroughSes needs emailFrom/);
  });

  it("leaves Cognito's own sender alone until asked, since SES must first have verified the domain", () => {
    const { resources } = synthesise({ emailFrom: 'bank@example.nhs.uk' });
    const pool = Object.values(resources).find((r: Json) => r.Type === 'AWS::Cognito::UserPool') as Json;
    expect(pool.Properties.EmailConfiguration?.EmailSendingAccount ?? 'COGNITO_DEFAULT').toBe('COGNITO_DEFAULT');
  });

  it.each(['bank office', 'Rota Bank <bank@example.nhs.uk', 'bank@localhost'])('is refused when it is %s', (from) => {
    expect(() => synthesise({ emailFrom: from })).toThrow(/emailFrom must be an address/);
  });
});

describe('the origination number', () => {
  it('is refused unless it is a UK number in E.164', () => {
    expect(() => synthesise({ originationNumber: '07700900123' })).toThrow(/UK number in E\.164/);
  });
});
