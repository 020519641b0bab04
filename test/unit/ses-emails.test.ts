import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../lib/domain/types';
import { AwsPublisher } from '../../lib/notify/aws-publisher';
import { SesEmails, subjectLine } from '../../lib/notify/ses-emails';
import { SnsTexts } from '../../lib/notify/sns-texts';
import { inviteMessage } from '../../lib/notify/templates';
import { queryRefusal, startQueryServer } from '../support/query-server';

let ses: Awaited<ReturnType<typeof startQueryServer>>;
let sns: Awaited<ReturnType<typeof startQueryServer>>;
beforeAll(async () => {
  [ses, sns] = await Promise.all([startQueryServer(), startQueryServer()]);
});
afterAll(() => Promise.all([ses.close(), sns.close()]));
beforeEach(() => {
  for (const server of [ses, sns]) {
    server.requests.length = 0;
    server.reply(() => ({ status: 200 }));
  }
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
    const failed = await new SesEmails(ses.client('ses'), { EMAIL_FROM: FROM }).send([
      email('e1'),
      email('e2', 'pm@chard.example'),
    ]);

    expect(failed).toEqual([]);
    expect(ses.requests.map((r) => r.action)).toEqual(['SendEmail', 'SendEmail']);
    expect(ses.requests.map((r) => r.params['Destination.ToAddresses.member.1'])).toEqual([
      'manager@wincanton.example',
      'pm@chard.example',
    ]);
    expect(ses.requests[0]!.params).toEqual({
      Source: FROM,
      'Destination.ToAddresses.member.1': 'manager@wincanton.example',
      'Message.Subject.Data': email('e1').subject,
      'Message.Subject.Charset': 'UTF-8',
      'Message.Body.Text.Data': email('e1').body,
      'Message.Body.Text.Charset': 'UTF-8',
      'Tags.member.1.Name': 'kind',
      'Tags.member.1.Value': 'booking-confirmed',
    });
  });

  it('sends an invitation, the first message a person gets, with its link', async () => {
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
    expect(await new SesEmails(ses.client('ses'), { EMAIL_FROM: FROM }).send([message])).toEqual([]);
    const { params } = ses.requests[0]!;
    expect(params['Destination.ToAddresses.member.1']).toBe('new.gp@example.org');
    expect(params['Message.Body.Text.Data']).toContain('https://bank.example.nhs.uk/#/join/abc123');
  });

  it('reports the emails SES refused by their ids, and still sends the rest', async () => {
    ses.reply((r) =>
      r.params['Destination.ToAddresses.member.1'] === 'bounced@example.org'
        ? queryRefusal(400, 'MessageRejected', 'Email address is not verified.')
        : { status: 200 },
    );
    const messages = [email('rec1:clinA'), email('rec1:clinB', 'bounced@example.org'), email('rec2')];
    const failed = await new SesEmails(ses.client('ses'), { EMAIL_FROM: FROM }).send(messages);
    expect(failed).toEqual(['rec1:clinB']);
    expect(ses.requests).toHaveLength(3);
  });

  it('without a From address sends nothing and reports every email failed, so none is marked sent', async () => {
    const failed = await new SesEmails(ses.client('ses'), {}).send([email('e1'), email('e2')]);
    expect(failed).toEqual(['e1', 'e2']);
    expect(ses.requests).toHaveLength(0);
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
    sns.reply(() => queryRefusal(400, 'InvalidParameter', 'Invalid parameter: PhoneNumber'));
    ses.reply((r) =>
      r.params['Destination.ToAddresses.member.1'] === 'x@example.org'
        ? queryRefusal(400, 'MessageRejected', 'Email address is not verified.')
        : { status: 200 },
    );
    const sms: OutboxMessage = {
      ...email('s1'),
      kind: 'offer',
      channel: 'sms',
      to: '+447700900123',
      subject: undefined,
    };
    const publisher = new AwsPublisher(
      new SnsTexts(sns.client('sns'), {}),
      new SesEmails(ses.client('ses'), { EMAIL_FROM: FROM }),
    );
    const { failed } = await publisher.publish([email('e1'), sms, email('e2', 'x@example.org')]);
    expect(failed.sort()).toEqual(['e2', 's1']);
    expect(sns.requests.map((r) => r.params.PhoneNumber)).toEqual(['+447700900123']);
    expect(ses.requests.map((r) => r.params['Destination.ToAddresses.member.1']).sort()).toEqual([
      'manager@wincanton.example',
      'x@example.org',
    ]);
  });
});
