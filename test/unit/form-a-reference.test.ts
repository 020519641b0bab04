import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/domain/errors';
import { formAReference } from '../../lib/use-cases/invoices';

describe('formAReference', () => {
  it('is the SD number, LOC, the month in three letters and the year in two digits', () => {
    expect(formAReference('SD123456', '2027-01')).toBe('SD123456LOCJAN27');
    expect(formAReference(' sd000042 ', '2030-12')).toBe('SD000042LOCDEC30');
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(() => formAReference('SD123456', '2027-13')).toThrow(ValidationError);
  });
});
