import { describe, expect, it } from 'vitest';
import { synthesise } from './support';

/** CloudFormation JSON, read by shape. */
type Json = Record<string, any>;

const variablesOf = (resources: Record<string, Json>, like: string): Json => {
  const found = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.includes(like));
  if (!found) throw new Error(`no function like ${like}`);
  return found[1].Properties.Environment.Variables;
};

describe('two-way SMS', () => {
  it('sends from the origination number when one is given, and lets the SMS service publish replies to the inbound topic', () => {
    const { template } = synthesise({ originationNumber: '+447700900123' });
    const resources: Record<string, Json> = template.toJSON().Resources;
    expect(variablesOf(resources, 'OnOutbox').SMS_ORIGINATION_NUMBER).toBe('+447700900123');
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::SNS::TopicPolicy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'sns:Publish', Principal: { Service: 'sms-voice.amazonaws.com' } }),
    );
  });

  it('deploys without an origination number, setting none', () => {
    const { template } = synthesise();
    expect(variablesOf(template.toJSON().Resources, 'OnOutbox').SMS_ORIGINATION_NUMBER).toBeUndefined();
  });

  it('refuses an origination number that is not a UK number in E.164', () => {
    expect(() => synthesise({ originationNumber: '07700900123' })).toThrow(/UK number in E\.164/);
  });
});
