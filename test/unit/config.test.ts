import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';

describe('parseConfig', () => {
  it('fills in the defaults a deployment leaves unset', () => {
    expect(parseConfig({})).toEqual({ TABLE_NAME: 'rota-bank', AWS_REGION: 'eu-west-2', MAX_BODY_BYTES: 65_536 });
  });

  it('keeps the variables it knows, turns the body limit into a number and ignores the rest', () => {
    const config = parseConfig({
      TABLE_NAME: 'rota-bank-test',
      AWS_REGION: 'eu-west-1',
      MAX_BODY_BYTES: '1024',
      NOTIFICATIONS_TOPIC_ARN: 'arn:aws:sns:eu-west-2:123456789012:rota',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      PATH: '/usr/bin',
    });
    expect(config).toEqual({
      TABLE_NAME: 'rota-bank-test',
      AWS_REGION: 'eu-west-1',
      MAX_BODY_BYTES: 1024,
      NOTIFICATIONS_TOPIC_ARN: 'arn:aws:sns:eu-west-2:123456789012:rota',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
    });
  });

  it.each([
    [{ MAX_BODY_BYTES: '64k' }, /MAX_BODY_BYTES/],
    [{ MAX_BODY_BYTES: '0' }, /MAX_BODY_BYTES/],
    [{ MAX_BODY_BYTES: '10.5' }, /MAX_BODY_BYTES/],
    [{ TABLE_NAME: '' }, /TABLE_NAME/],
    [{ DYNAMODB_ENDPOINT: 'localhost 8000' }, /DYNAMODB_ENDPOINT/],
  ])('fails loudly, naming the variable, for %o', (env, named) => {
    expect(() => parseConfig(env)).toThrow(named);
  });

  it('names every wrong variable at once', () => {
    expect(() => parseConfig({ TABLE_NAME: '', MAX_BODY_BYTES: 'lots' })).toThrow(/TABLE_NAME.*MAX_BODY_BYTES/);
  });
});
