import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../lib/domain/types';
import { batchEntryId, SnsPublisher } from '../../lib/notify/sns-publisher';

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:notifications';
const settings = { NOTIFICATIONS_TOPIC_ARN: TOPIC, SMS_ORIGINATION_NUMBER: '+447700900001' };

const sms = (id: string, to = '+447700900123'): OutboxMessage => ({
  orgId: 'org1',
  id,
  kind: 'offer',
  channel: 'sms',
  to,
  body: 'Shift at Wincanton, Tue 3 Dec 08:30-18:00. Reply YES K7 to book.',
  createdAt: '2026-11-22T09:00:00.000Z',
});

const email = (id: string): OutboxMessage => ({
  orgId: 'org1',
  id,
  kind: 'booking-confirmed',
  channel: 'email',
  to: 'manager@wincanton.example',
  subject: 'Shift booked',
  body: 'Dr Asha Patel has booked your shift on Tue 3 Dec.',
  createdAt: '2026-11-22T09:00:00.000Z',
});

describe('SnsPublisher', () => {
  it('texts an SMS straight to the E.164 number as a transactional message from the origination number', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    const result = await new SnsPublisher(new SNSClient({}), settings).publish([sms('01J0SMS')]);

    expect(result.failed).toEqual([]);
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
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(0);
  });

  it('leaves the origination number out when none is configured', async () => {
    sns.on(PublishCommand).resolves({});
    await new SnsPublisher(new SNSClient({}), { NOTIFICATIONS_TOPIC_ARN: TOPIC }).publish([sms('a')]);
    const attributes = sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes!;
    expect(Object.keys(attributes).sort()).toEqual(['AWS.SNS.SMS.SMSType', 'channel', 'kind']);
  });

  it('sends 23 emails to the topic in three batches of at most ten, with subject and attributes', async () => {
    sns.on(PublishBatchCommand).resolves({ Failed: [] });
    const messages = Array.from({ length: 23 }, (_, i) => email(`01J0EMAIL${String(i).padStart(2, '0')}`));
    const result = await new SnsPublisher(new SNSClient({}), settings).publish(messages);

    expect(result.failed).toEqual([]);
    const batches = sns.commandCalls(PublishBatchCommand).map((c) => c.args[0].input);
    expect(batches.map((b) => b.PublishBatchRequestEntries!.length)).toEqual([10, 10, 3]);
    expect(batches.every((b) => b.TopicArn === TOPIC)).toBe(true);
    const ids = batches.flatMap((b) => b.PublishBatchRequestEntries!.map((e) => e.Id));
    expect(ids).toEqual(messages.map((m) => m.id));
    expect(batches[0]!.PublishBatchRequestEntries![0]).toEqual({
      Id: '01J0EMAIL00',
      Subject: 'Shift booked',
      Message: messages[0]!.body,
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'booking-confirmed' },
        channel: { DataType: 'String', StringValue: 'email' },
        to: { DataType: 'String', StringValue: 'manager@wincanton.example' },
      },
    });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('reports exactly the emails a partly failed batch did not accept, by their own ids', async () => {
    // Fan-out ids carry a colon, which SNS batch ids may not: the failure must map back to the real id.
    const messages = [email('rec1:clinA'), email('rec1:clinB'), email('rec2')];
    sns.on(PublishBatchCommand).resolves({
      Successful: [{ Id: 'rec1_clinA', MessageId: 'x' }],
      Failed: [
        { Id: 'rec1_clinB', Code: 'InternalError', SenderFault: false },
        { Id: 'rec2', Code: 'Throttled', SenderFault: false },
      ],
    });
    const result = await new SnsPublisher(new SNSClient({}), settings).publish(messages);
    expect(result.failed.sort()).toEqual(['rec1:clinB', 'rec2']);
  });

  it('counts every email of a batch whose call throws as failed, and still sends the next batch', async () => {
    const messages = Array.from({ length: 12 }, (_, i) => email(`e${i}`));
    sns.on(PublishBatchCommand).rejectsOnce(new Error('socket hang up')).resolves({ Failed: [] });
    const result = await new SnsPublisher(new SNSClient({}), settings).publish(messages);
    expect(result.failed).toEqual(messages.slice(0, 10).map((m) => m.id));
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(2);
  });

  it('reports an SMS whose Publish throws as failed while the other texts still go', async () => {
    sns
      .on(PublishCommand)
      .resolves({ MessageId: 'ok' })
      .on(PublishCommand, { PhoneNumber: '+447700900666' })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }));
    const messages = [sms('s1'), sms('s2', '+447700900666'), sms('s3', '+447700900777')];
    const result = await new SnsPublisher(new SNSClient({}), settings).publish(messages);
    expect(result.failed).toEqual(['s2']);
    expect(
      sns
        .commandCalls(PublishCommand)
        .map((c) => c.args[0].input.PhoneNumber)
        .sort(),
    ).toEqual(['+447700900123', '+447700900666', '+447700900777']);
  });

  it('sends texts and emails of one call through their own routes', async () => {
    sns.on(PublishCommand).resolves({}).on(PublishBatchCommand).resolves({});
    await new SnsPublisher(new SNSClient({}), settings).publish([sms('s1'), email('e1'), sms('s2')]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(1);
  });
});

describe('batchEntryId', () => {
  it('keeps only the characters SNS allows, within 80', () => {
    expect(batchEntryId('01J0ABC:clin#1.x')).toBe('01J0ABC_clin_1_x');
    expect(batchEntryId('a'.repeat(100))).toHaveLength(80);
  });
});
