import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../lib/domain/types';
import { AwsPublisher } from '../../lib/notify/aws-publisher';
import { SesEmails, subjectLine } from '../../lib/notify/ses-emails';
import { SnsTexts } from '../../lib/notify/sns-texts';
import { inviteMessage } from '../../lib/notify/templates';

const ses = mockClient(SESClient);
const sns = mockClient(SNSClient);
afterEach(() => {
  ses.reset();
  sns.reset();
});

const FROM = 'Rota Bank <bank@somerset.example.nhs.uk>';

const email = (id: string, to = 'manager@wincanton.example'): OutboxMessage => ({
  orgId: 'org1',
  id,
  kind: 'booking-confirmed',
  channel: 'email',
  to,
  subject: 'Shift filled: GP, Tue 3 Dec 08:30-18:00 - Dr Asha Patel',
  body: 'Dr Asha Patel has booked your shift on Tue 3 Dec.\n\nRota Bank\n',
  createdAt: '2026-11-22T09:00:00.000Z',
});

describe('SesEmails', () => {
  it('sends each email to its own address from the bank’s address, as plain UTF-8 text', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm1' });
    const failed = await new SesEmails(new SESClient({}), { EMAIL_FROM: FROM }).send([
      email('e1'),
      email('e2', 'pm@chard.example'),
    ]);

    expect(failed).toEqual([]);
    const inputs = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.Destination)).toEqual([
      { ToAddresses: ['manager@wincanton.example'] },
      { ToAddresses: ['pm@chard.example'] },
    ]);
    expect(inputs[0]).toEqual({
      Source: FROM,
      Destination: { ToAddresses: ['manager@wincanton.example'] },
      Message: {
        Subject: { Data: email('e1').subject, Charset: 'UTF-8' },
        Body: { Text: { Data: email('e1').body, Charset: 'UTF-8' } },
      },
      Tags: [{ Name: 'kind', Value: 'booking-confirmed' }],
    });
  });

  it('sends an invitation, the first message a person gets, with its link', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm1' });
    const invite = inviteMessage({
      organisationName: 'South Somerset GP Federation',
      url: 'https://bank.example.nhs.uk/#/join/abc123',
      expires: 'Mon 21 Dec',
    });
    const message: OutboxMessage = {
      ...email('i1', 'new.gp@example.org'),
      kind: 'invite',
      subject: invite.subject,
      body: invite.email,
    };
    expect(await new SesEmails(new SESClient({}), { EMAIL_FROM: FROM }).send([message])).toEqual([]);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Destination).toEqual({ ToAddresses: ['new.gp@example.org'] });
    expect(input.Message!.Body!.Text!.Data).toContain('https://bank.example.nhs.uk/#/join/abc123');
  });

  it('reports the emails SES refused by their ids, and still sends the rest', async () => {
    ses
      .on(SendEmailCommand)
      .resolves({ MessageId: 'ok' })
      .on(SendEmailCommand, { Destination: { ToAddresses: ['bounced@example.org'] } })
      .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    const messages = [email('rec1:clinA'), email('rec1:clinB', 'bounced@example.org'), email('rec2')];
    const failed = await new SesEmails(new SESClient({}), { EMAIL_FROM: FROM }).send(messages);
    expect(failed).toEqual(['rec1:clinB']);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
  });

  it('without a From address sends nothing and reports every email failed, so none is marked sent', async () => {
    const failed = await new SesEmails(new SESClient({}), {}).send([email('e1'), email('e2')]);
    expect(failed).toEqual(['e1', 'e2']);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('keeps a subject on one line', () => {
    expect(subjectLine('Shift offer:\r\nBcc: everyone@example.org', 'offer')).toBe(
      'Shift offer: Bcc: everyone@example.org',
    );
    expect(subjectLine(undefined, 'reminder')).toBe('reminder');
    expect(subjectLine('  \n ', 'reminder')).toBe('reminder');
  });
});

describe('AwsPublisher', () => {
  it('sends the texts of one call through SNS and its emails through SES, and reports both kinds of failure', async () => {
    sns.on(PublishCommand).rejects(new Error('socket hang up'));
    ses
      .on(SendEmailCommand)
      .resolves({ MessageId: 'ok' })
      .on(SendEmailCommand, { Destination: { ToAddresses: ['x@example.org'] } })
      .rejects(new Error('throttled'));
    const sms: OutboxMessage = {
      ...email('s1'),
      kind: 'offer',
      channel: 'sms',
      to: '+447700900123',
      subject: undefined,
    };
    const publisher = new AwsPublisher(
      new SnsTexts(new SNSClient({}), {}),
      new SesEmails(new SESClient({}), { EMAIL_FROM: FROM }),
    );
    const { failed } = await publisher.publish([email('e1'), sms, email('e2', 'x@example.org')]);
    expect(failed.sort()).toEqual(['e2', 's1']);
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input.PhoneNumber)).toEqual(['+447700900123']);
    expect(ses.commandCalls(SendEmailCommand).flatMap((c) => c.args[0].input.Destination!.ToAddresses)).toEqual([
      'manager@wincanton.example',
      'x@example.org',
    ]);
  });
});
