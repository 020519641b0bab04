import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendEmailParams } from '../../lib/notify/ses-emails';
import { publishParams } from '../../lib/notify/sns-texts';
import { type QueryRequest, queryRefusal, startQueryServer } from '../support/query-server';
import { expectSignatureHolds as expectSignedFor } from '../support/wire';

/**
 * SNS's Publish and SES's SendEmail go as signed form POSTs of the query
 * protocol (lib/aws/signed-fetch.ts), not through the SDK's clients. Here the
 * SDK's clients and ours send the same calls to one recording server: the
 * forms must hold the same parameters, go with the same content type, and
 * carry a SigV4 signature that holds for the request as it arrived.
 */
let server: Awaited<ReturnType<typeof startQueryServer>>;
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' };
const region = 'eu-west-2';

beforeAll(async () => {
  server = await startQueryServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.reply(() => ({ status: 200 }));
});

const form = (r: QueryRequest) => Object.fromEntries(new URLSearchParams(r.body));

async function expectSignatureHolds(request: QueryRequest, service: string) {
  const signedHeaders = await expectSignedFor(
    { method: 'POST', path: '/', ...request },
    { service, region, credentials },
  );
  expect(signedHeaders).toContain('content-type');
}

const text = {
  to: '+447700900123',
  // Characters a form must escape, and a pound sign.
  body: "Shift at Wincanton (GP), Tue 3 Dec 08:30-18:00, £95/h. Reply YES K7 to book! It's *urgent* & 100% paid",
  attributes: {
    kind: 'offer',
    channel: 'sms',
    'AWS.SNS.SMS.SMSType': 'Transactional',
    'AWS.MM.SMS.OriginationNumber': '+447700900001',
  },
};

const mail = {
  from: 'Rota Bank <bank@somerset.example.nhs.uk>',
  to: 'new.gp@example.org',
  subject: 'You are invited to join the bank: South Somerset GP Federation',
  body: 'Hello,\n\nJoin here: https://bank.example.nhs.uk/#/join/abc123?x=1&y=2\n\nRota Bank\n',
  kind: 'invite',
};

describe('SNS and SES over signed form POSTs, beside the SDK clients', () => {
  it('publishes a text with the form the SDK sends, signed as SigV4 for sns', async () => {
    await new SNSClient({ region, endpoint: server.endpoint, credentials, maxAttempts: 1 }).send(
      new PublishCommand({
        PhoneNumber: text.to,
        Message: text.body,
        MessageAttributes: Object.fromEntries(
          Object.entries(text.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
        ),
      }),
    );
    await server.client('sns')('Publish', publishParams(text.to, text.body, text.attributes));
    const [theirs, mine] = server.requests;

    expect(form(mine!)).toEqual(form(theirs!));
    expect(form(mine!)).toMatchObject({ Action: 'Publish', Version: '2010-03-31', Message: text.body });
    expect(mine!.headers['content-type']).toBe(theirs!.headers['content-type']);
    await expectSignatureHolds(mine!, 'sns');
  });

  it('sends an email with the form the SDK sends, signed as SigV4 for ses', async () => {
    await new SESClient({ region, endpoint: server.endpoint, credentials, maxAttempts: 1 }).send(
      new SendEmailCommand({
        Source: mail.from,
        Destination: { ToAddresses: [mail.to] },
        Message: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.body, Charset: 'UTF-8' } },
        },
        Tags: [{ Name: 'kind', Value: mail.kind }],
      }),
    );
    await server.client('ses')('SendEmail', sendEmailParams(mail));
    const [theirs, mine] = server.requests;

    expect(form(mine!)).toEqual(form(theirs!));
    expect(form(mine!)).toMatchObject({
      Action: 'SendEmail',
      Version: '2010-12-01',
      'Message.Body.Text.Data': mail.body,
    });
    expect(mine!.headers['content-type']).toBe(theirs!.headers['content-type']);
    await expectSignatureHolds(mine!, 'ses');
  });

  it('names a refusal by its code as the SDK does, without trying a refused one again', async () => {
    server.reply(() => queryRefusal(400, 'MessageRejected', 'Email address is not verified. &lt;x@example.org&gt;'));
    const sdkError = await new SESClient({ region, endpoint: server.endpoint, credentials, maxAttempts: 1 })
      .send(
        new SendEmailCommand({
          Source: mail.from,
          Destination: { ToAddresses: [mail.to] },
          Message: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } },
        }),
      )
      .then(
        () => new Error('not refused'),
        (e: Error) => e,
      );
    server.requests.length = 0;
    const ourError = await server
      .client('ses')('SendEmail', sendEmailParams(mail))
      .then(
        () => new Error('not refused'),
        (e: Error) => e,
      );
    expect(ourError.name).toBe(sdkError.name);
    expect(ourError.name).toBe('MessageRejected');
    expect(ourError.message).toContain('Email address is not verified. <x@example.org>');
    expect(server.requests).toHaveLength(1);
  });
});
