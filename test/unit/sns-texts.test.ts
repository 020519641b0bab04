import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../lib/domain/types';
import { SnsTexts } from '../../lib/notify/sns-texts';

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const settings = { SMS_ORIGINATION_NUMBER: '+447700900001' };

const sms = (id: string, to = '+447700900123'): OutboxMessage => ({
  orgId: 'org1',
  id,
  kind: 'offer',
  channel: 'sms',
  to,
  body: 'Shift at Wincanton, Tue 3 Dec 08:30-18:00. Reply YES K7 to book.',
  createdAt: '2026-11-22T09:00:00.000Z',
});

describe('SnsTexts', () => {
  it('texts an SMS straight to the E.164 number as a transactional message from the origination number', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    const failed = await new SnsTexts(new SNSClient({}), settings).send([sms('01J0SMS')]);

    expect(failed).toEqual([]);
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      PhoneNumber: '+447700900123',
      Message: sms('01J0SMS').body,
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'offer' },
        channel: { DataType: 'String', StringValue: 'sms' },
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: '+447700900001' },
      },
    });
  });

  it('leaves the origination number out when none is configured', async () => {
    sns.on(PublishCommand).resolves({});
    await new SnsTexts(new SNSClient({}), {}).send([sms('a')]);
    const attributes = sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes!;
    expect(Object.keys(attributes).sort()).toEqual(['AWS.SNS.SMS.SMSType', 'channel', 'kind']);
  });

  it('reports an SMS whose Publish throws as failed while the other texts still go', async () => {
    sns
      .on(PublishCommand)
      .resolves({ MessageId: 'ok' })
      .on(PublishCommand, { PhoneNumber: '+447700900666' })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }));
    const messages = [sms('s1'), sms('s2', '+447700900666'), sms('s3', '+447700900777')];
    const failed = await new SnsTexts(new SNSClient({}), settings).send(messages);
    expect(failed).toEqual(['s2']);
    expect(
      sns
        .commandCalls(PublishCommand)
        .map((c) => c.args[0].input.PhoneNumber)
        .sort(),
    ).toEqual(['+447700900123', '+447700900666', '+447700900777']);
  });

  it('sends a wave of texts at most five at a time', async () => {
    let inFlight = 0;
    let most = 0;
    sns.on(PublishCommand).callsFake(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return {};
    });
    const messages = Array.from({ length: 23 }, (_, i) => sms(`s${i}`, `+4477009001${String(i).padStart(2, '0')}`));
    expect(await new SnsTexts(new SNSClient({}), settings).send(messages)).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(23);
    expect(most).toBe(5);
  });
});
