import { describe, expect, it } from 'vitest';
import { ClinicianRecord, CreateClinicianBody, UpdateClinicianBody } from '../../lib/schemas/clinician';

const body = {
  name: 'Dr Tom Avery',
  email: 'tom@locum.example',
  phone: '+447700900411',
  roles: ['gp'],
  home: { lat: 50.94, lon: -2.63 },
  compliance: { rightToWork: true },
};

describe('a clinician’s pay terms', () => {
  it('takes a self-employed pension member with their scheme reference, upper-cased', () => {
    const parsed = CreateClinicianBody.parse({
      ...body,
      employment: 'self-employed',
      pension: { member: true, schemeRef: ' sd123456 ' },
    });
    expect(parsed).toMatchObject({ employment: 'self-employed', pension: { member: true, schemeRef: 'SD123456' } });
  });

  it('takes a limited-company locum, and defaults to a bank worker with no pension', () => {
    expect(CreateClinicianBody.parse({ ...body, employment: 'limited-company' }).employment).toBe('limited-company');
    const bank = CreateClinicianBody.parse(body);
    expect(bank.employment).toBe('bank');
    expect(bank.pension).toBeUndefined();
  });

  it('refuses a member without a scheme reference, a malformed reference, unknown fields and unknown employments', () => {
    const issues = (b: unknown) => CreateClinicianBody.safeParse(b).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ ...body, pension: { member: true } })).toEqual(['pension.schemeRef']);
    expect(issues({ ...body, pension: { member: true, schemeRef: 'SD 12/34' } })).toEqual(['pension.schemeRef']);
    expect(issues({ ...body, pension: { member: false, tier: 3 } })).toEqual(['pension']);
    expect(issues({ ...body, employment: 'agency' })).toEqual(['employment']);
  });

  it('lets the bank change employment and pension alone, and shows both on the record', () => {
    expect(UpdateClinicianBody.parse({ pension: { member: false } })).toEqual({ pension: { member: false } });
    expect(UpdateClinicianBody.parse({ employment: 'limited-company' })).toEqual({ employment: 'limited-company' });
    expect(ClinicianRecord.shape.employment.parse('limited-company')).toBe('limited-company');
    expect(ClinicianRecord.shape.pension.parse({ member: true, schemeRef: 'SD123456' })).toEqual({
      member: true,
      schemeRef: 'SD123456',
    });
  });
});
