import { A4, createPdf, type PdfPage, type StandardFont } from '../pdf/writer';
import { toLocal } from './time';
import type { Clinician, Invoice, Practice } from './types';

const pounds = (pence: number) => `£${(pence / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/** A4 pages written top to bottom, a new page when one fills. */
function writer(title: string, at: string) {
  const doc = createPdf({ title, creator: 'Rota Bank', creationDate: new Date(at) });
  const regular: StandardFont = 'Helvetica';
  const bold: StandardFont = 'Helvetica-Bold';
  let page: PdfPage = doc.addPage(A4);
  let y = 800;
  return {
    doc,
    bold,
    write(text: string, x = 50, font: StandardFont = regular, size = 10) {
      page.drawText(text, { x, y, size, font });
    },
    newline(gap = 14) {
      y -= gap;
      if (y < 60) {
        page = doc.addPage(A4);
        y = 800;
      }
    },
  };
}

export interface FormA {
  invoice: Invoice;
  practice: Practice;
  clinician: Clinician;
  /** Undefined when the locum has no SD number recorded. */
  reference: string | undefined;
}

/**
 * The GP Locum Form A for one invoice: the locum and practice, the month's
 * dates of work, the fees, pensionable pay (90%) and the employer
 * contribution, and the practice's certification (who signed and when, or
 * that it awaits signature).
 */
export async function formAPdf({ invoice, practice, clinician, reference }: FormA): Promise<Uint8Array> {
  const w = writer(`GP Locum Form A ${reference ?? invoice.number}`, invoice.formASignedAt ?? invoice.issuedAt);
  w.write('GP Locum Form A', 50, w.bold, 18);
  w.newline(20);
  w.write('NHS Pension Scheme: locum GP practitioner pensionable earnings');
  w.newline(24);
  w.write(`Reference: ${reference ?? 'not known (no SD number recorded)'}`, 50, w.bold);
  w.newline();
  w.write(`Month: ${invoice.month}`);
  w.write(`Invoice: ${invoice.number}`, 300);
  w.newline(24);
  w.write('Locum GP', 50, w.bold);
  w.write('Practice', 300, w.bold);
  w.newline();
  w.write(clinician.name);
  w.write(practice.name, 300);
  w.newline();
  w.write(`SD number: ${clinician.pension?.schemeRef ?? 'not recorded'}`);
  w.write(`ODS ${practice.odsCode}`, 300);
  w.newline();
  if (practice.address) w.write(practice.address, 300);
  w.newline(24);
  w.write('Dates of work', 50, w.bold);
  w.write('Hours', 300, w.bold);
  w.write('Fee', 400, w.bold);
  w.newline();
  for (const line of invoice.lines) {
    w.write(`${line.date}${line.lineType === 'cancellation-fee' ? ' (cancellation fee)' : ''}`);
    w.write(line.hours.toFixed(2), 300);
    // The fee alone: the lines add up to the total fees below (mileage and expenses are on the invoice, not here).
    w.write(pounds(line.feePence ?? line.amountPence), 400);
    w.newline();
  }
  w.newline(10);
  const total = (label: string, pence: number) => {
    w.write(label, 50);
    w.write(pounds(pence), 400);
    w.newline();
  };
  total('Total fees', invoice.feePence);
  total('Pensionable pay (90% of fees)', invoice.pensionablePence);
  total('Employer contribution (14.38%)', invoice.employerPensionPence);
  w.newline(14);
  w.write("Practice's certification", 50, w.bold);
  w.newline();
  if (invoice.formASignedAt) {
    w.write(`Signed by ${invoice.formASignedByEmail ?? invoice.formASignedBy ?? 'the practice'}`);
    w.newline();
    w.write(`Signed at ${toLocal(invoice.formASignedAt).replace('T', ' ')} (London)`);
  } else {
    w.write('Awaiting the practice’s signature');
  }
  w.newline();
  return w.doc.save();
}

export interface FormBEntry {
  invoice: Invoice;
  practice: Practice | undefined;
  reference: string | undefined;
}

/**
 * The GP Locum Form B for one month: every signed Form A of the month, with
 * the totals of pensionable pay and employer contributions the locum sends
 * on by the 7th of the month after.
 */
export async function formBPdf(
  clinician: Clinician,
  month: string,
  dueBy: string,
  entries: readonly FormBEntry[],
  at: string,
): Promise<Uint8Array> {
  const w = writer(`GP Locum Form B ${month}`, at);
  w.write('GP Locum Form B', 50, w.bold, 18);
  w.newline(20);
  w.write('NHS Pension Scheme: monthly record of locum GP pensionable earnings');
  w.newline(24);
  w.write(`Locum GP: ${clinician.name}`);
  w.write(`SD number: ${clinician.pension?.schemeRef ?? 'not recorded'}`, 300);
  w.newline();
  w.write(`Month: ${month}`);
  w.write(`Due with contributions by ${dueBy}`, 300);
  w.newline(24);
  w.write('Form A reference', 50, w.bold);
  w.write('Practice', 180, w.bold);
  w.write('Signed', 360, w.bold);
  w.write('Pensionable', 430, w.bold);
  w.write('Employer', 505, w.bold);
  w.newline();
  if (entries.length === 0) {
    w.write('No signed Form A for this month.');
    w.newline();
  }
  for (const { invoice, practice, reference } of entries) {
    w.write(reference ?? invoice.number);
    w.write(practice ? `${practice.name} (${practice.odsCode})`.slice(0, 34) : invoice.practiceId, 180);
    w.write((invoice.formASignedAt ?? '').slice(0, 10), 360);
    w.write(pounds(invoice.pensionablePence), 430);
    w.write(pounds(invoice.employerPensionPence), 505);
    w.newline();
  }
  w.newline(10);
  const pensionable = entries.reduce((s, e) => s + e.invoice.pensionablePence, 0);
  const employer = entries.reduce((s, e) => s + e.invoice.employerPensionPence, 0);
  w.write(`Total pensionable pay ${pounds(pensionable)}`, 50, w.bold);
  w.newline();
  w.write(`Total employer contributions ${pounds(employer)}`, 50, w.bold);
  w.newline();
  w.write(`Form As listed: ${entries.length}`);
  w.newline();
  return w.doc.save();
}
