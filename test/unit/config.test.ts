import { describe, expect, it } from 'vitest';
import { parseConfig, parseSender, senderDomain } from '../../lib/config';

describe('parseConfig', () => {
  it('fills in the defaults a deployment leaves unset', () => {
    expect(parseConfig({})).toEqual({ TABLE_NAME: 'rota-bank', AWS_REGION: 'eu-west-2', MAX_BODY_BYTES: 65_536 });
  });

  it('keeps the variables it knows, turns the body limit into a number and ignores the rest', () => {
    const config = parseConfig({
      TABLE_NAME: 'rota-bank-test',
      AWS_REGION: 'eu-west-1',
      MAX_BODY_BYTES: '1024',
      EMAIL_FROM: 'Rota Bank <bank@somerset.example.nhs.uk>',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      INVITE_LINK_RATE_PER_MINUTE: '1000',
      INBOUND_TEXTS_PER_NUMBER: '500',
      PATH: '/usr/bin',
    });
    expect(config).toEqual({
      TABLE_NAME: 'rota-bank-test',
      AWS_REGION: 'eu-west-1',
      MAX_BODY_BYTES: 1024,
      EMAIL_FROM: 'Rota Bank <bank@somerset.example.nhs.uk>',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      INVITE_LINK_RATE_PER_MINUTE: 1000,
      INBOUND_TEXTS_PER_NUMBER: 500,
    });
  });

  it.each([
    [{ MAX_BODY_BYTES: '64k' }, /MAX_BODY_BYTES/],
    [{ MAX_BODY_BYTES: '0' }, /MAX_BODY_BYTES/],
    [{ MAX_BODY_BYTES: '10.5' }, /MAX_BODY_BYTES/],
    [{ TABLE_NAME: '' }, /TABLE_NAME/],
    [{ INVITE_LINK_RATE_PER_MINUTE: '0' }, /INVITE_LINK_RATE_PER_MINUTE/],
    [{ INBOUND_TEXTS_PER_NUMBER: 'lots' }, /INBOUND_TEXTS_PER_NUMBER/],
    [{ INBOUND_TEXTS_PER_NUMBER: '2.5' }, /INBOUND_TEXTS_PER_NUMBER/],
    [{ DYNAMODB_ENDPOINT: 'localhost 8000' }, /DYNAMODB_ENDPOINT/],
    [{ EMAIL_FROM: 'bank office' }, /EMAIL_FROM/],
    [{ EMAIL_FROM: 'Rota Bank <bank@example.nhs.uk' }, /EMAIL_FROM/],
    [{ EMAIL_FROM: 'a@example.org, b@example.org' }, /EMAIL_FROM/],
  ])('fails loudly, naming the variable, for %o', (env, named) => {
    expect(() => parseConfig(env)).toThrow(named);
  });

  it.each([
    ['bank@somerset.example.nhs.uk', 'somerset.example.nhs.uk'],
    ['Rota Bank <bank@Somerset.Example.nhs.uk>', 'somerset.example.nhs.uk'],
    ['bank@localhost', undefined],
    ['Rota Bank bank@example.org', undefined],
    ['<bank@example.org>', undefined],
  ])('finds the sending domain of %s', (from, domain) => {
    expect(senderDomain(from)).toBe(domain);
  });

  it('splits a sender into its display name, address and domain', () => {
    expect(parseSender('Rota Bank <bank@Somerset.example.nhs.uk>')).toEqual({
      name: 'Rota Bank',
      address: 'bank@somerset.example.nhs.uk',
      domain: 'somerset.example.nhs.uk',
    });
    expect(parseSender('bank@example.org')).toEqual({ address: 'bank@example.org', domain: 'example.org' });
    expect(parseSender('nobody')).toBeUndefined();
  });

  it('names every wrong variable at once', () => {
    expect(() => parseConfig({ TABLE_NAME: '', MAX_BODY_BYTES: 'lots' })).toThrow(/TABLE_NAME.*MAX_BODY_BYTES/);
  });
});
