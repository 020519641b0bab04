import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../lib/domain/types';
import { SnsTexts } from '../../lib/notify/sns-texts';
import { queryRefusal, startQueryServer } from '../support/query-server';

let server: Awaited<ReturnType<typeof startQueryServer>>;
beforeAll(async () => {
  server = await startQueryServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.reply(() => ({ status: 200 }));
});

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
    const failed = await new SnsTexts(server.client('sns'), settings).send([sms('01J0SMS')]);

    expect(failed).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.action).toBe('Publish');
    expect(server.requests[0]!.params).toEqual({
      PhoneNumber: '+447700900123',
      Message: sms('01J0SMS').body,
      'MessageAttributes.entry.1.Name': 'kind',
      'MessageAttributes.entry.1.Value.DataType': 'String',
      'MessageAttributes.entry.1.Value.StringValue': 'offer',
      'MessageAttributes.entry.2.Name': 'channel',
      'MessageAttributes.entry.2.Value.DataType': 'String',
      'MessageAttributes.entry.2.Value.StringValue': 'sms',
      'MessageAttributes.entry.3.Name': 'AWS.SNS.SMS.SMSType',
      'MessageAttributes.entry.3.Value.DataType': 'String',
      'MessageAttributes.entry.3.Value.StringValue': 'Transactional',
      'MessageAttributes.entry.4.Name': 'AWS.MM.SMS.OriginationNumber',
      'MessageAttributes.entry.4.Value.DataType': 'String',
      'MessageAttributes.entry.4.Value.StringValue': '+447700900001',
    });
  });

  it('leaves the origination number out when none is configured', async () => {
    await new SnsTexts(server.client('sns'), {}).send([sms('a')]);
    const names = Object.entries(server.requests[0]!.params)
      .filter(([k]) => k.endsWith('.Name'))
      .map(([, v]) => v);
    expect(names.sort()).toEqual(['AWS.SNS.SMS.SMSType', 'channel', 'kind']);
  });

  it('reports an SMS whose Publish SNS refuses as failed while the other texts still go', async () => {
    server.reply((r) =>
      r.params.PhoneNumber === '+447700900666'
        ? queryRefusal(400, 'InvalidParameter', 'Invalid parameter: PhoneNumber')
        : { status: 200 },
    );
    const messages = [sms('s1'), sms('s2', '+447700900666'), sms('s3', '+447700900777')];
    const failed = await new SnsTexts(server.client('sns'), settings).send(messages);
    expect(failed).toEqual(['s2']);
    expect(server.requests.map((r) => r.params.PhoneNumber).sort()).toEqual([
      '+447700900123',
      '+447700900666',
      '+447700900777',
    ]);
  });

  it('tries a throttled Publish again, as the SDK would, and then it goes', async () => {
    let refusals = 2;
    server.reply(() => (refusals-- > 0 ? queryRefusal(400, 'Throttling', 'Rate exceeded') : { status: 200 }));
    expect(await new SnsTexts(server.client('sns'), settings).send([sms('t1')])).toEqual([]);
    expect(server.requests).toHaveLength(3);
  });

  it('sends a wave of texts at most five at a time', async () => {
    let inFlight = 0;
    let most = 0;
    server.reply(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 40));
      inFlight--;
      return { status: 200 };
    });
    const messages = Array.from({ length: 23 }, (_, i) => sms(`s${i}`, `+4477009001${String(i).padStart(2, '0')}`));
    expect(await new SnsTexts(server.client('sns'), settings).send(messages)).toEqual([]);
    expect(server.requests).toHaveLength(23);
    expect(most).toBe(5);
  });
});
