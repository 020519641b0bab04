import { A4, createPdf, type StandardFont } from '../pdf/writer';
import type { Clinician, Invoice, Practice } from './types';

const pounds = (pence: number) => `£${(pence / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/** The invoice as an A4 PDF: the practice billed, the locum's details, a line per timesheet, totals and the employer pension. */
export async function invoicePdf(invoice: Invoice, practice: Practice, clinician: Clinician): Promise<Uint8Array> {
  const doc = createPdf({
    title: `Invoice ${invoice.number}`,
    creator: 'Rota Bank',
    creationDate: new Date(invoice.issuedAt),
    modificationDate: new Date(invoice.paidAt ?? invoice.issuedAt),
  });
  const regular: StandardFont = 'Helvetica';
  const bold: StandardFont = 'Helvetica-Bold';
  let page = doc.addPage(A4);
  let y = 800;
  const write = (text: string, x = 50, font: StandardFont = regular, size = 10) => {
    page.drawText(text, { x, y, size, font });
  };
  const newline = (gap = 14) => {
    y -= gap;
    if (y < 60) {
      page = doc.addPage(A4);
      y = 800;
    }
  };

  write(`Invoice ${invoice.number}`, 50, bold, 18);
  newline(24);
  write(`Month: ${invoice.month}`);
  write(`Issued: ${invoice.issuedAt.slice(0, 10)}`, 300);
  newline();
  write(`Status: ${invoice.status}${invoice.paidAt ? ` (paid ${invoice.paidAt.slice(0, 10)})` : ''}`);
  newline(24);

  write('From', 50, bold);
  write('To', 300, bold);
  newline();
  write(clinician.name);
  write(practice.name, 300);
  newline();
  write(clinician.email);
  write(`ODS ${practice.odsCode}`, 300);
  newline();
  write(`Employment: ${clinician.employment}`);
  if (practice.address) write(practice.address, 300);
  newline();
  if (clinician.pension?.member) write(`NHS Pension: ${clinician.pension.schemeRef ?? 'member'}`);
  newline(24);

  write('Date', 50, bold);
  write('Timesheet', 130, bold);
  write('Type', 300, bold);
  write('Hours', 400, bold);
  write('Amount', 480, bold);
  newline();
  for (const line of invoice.lines) {
    write(line.date);
    write(line.timesheetId, 130);
    write(line.lineType, 300);
    write(line.hours.toFixed(2), 400);
    write(pounds(line.amountPence), 480);
    newline();
  }
  newline(10);
  const total = (label: string, pence: number, font: StandardFont = regular) => {
    write(label, 300, font);
    write(pounds(pence), 480, font);
    newline();
  };
  total('Fees', invoice.feePence);
  if (invoice.mileagePence) total('Mileage', invoice.mileagePence);
  if (invoice.expensesPence) total('Expenses', invoice.expensesPence);
  total('Pensionable pay', invoice.pensionablePence);
  total('Employer pension contribution', invoice.employerPensionPence);
  total('Total due', invoice.totalPence, bold);
  return doc.save();
}
