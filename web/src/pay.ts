/** The invoice as the API answers it (`GET /invoices`). */
export interface Invoice {
  id: string;
  number: string;
  clinicianId: string;
  practiceId: string;
  month: string;
  lines: { timesheetId: string; date: string; hours: number; amountPence: number; lineType: string }[];
  feePence: number;
  pensionablePence: number;
  employerPensionPence: number;
  totalPence: number;
  status: 'issued' | 'paid';
  issuedAt: string;
  paidAt?: string;
  formASignedAt?: string;
  formASignedBy?: string;
}

/** `2027-01` as "January 2027". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 15)).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
