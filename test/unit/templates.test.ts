import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smsSegments } from '../../lib/domain/gsm';
import { parseSmsReply } from '../../lib/domain/sms';
import { ROLES, type Role } from '../../lib/domain/types';
import {
  bookingCancelledClinicianMessage,
  bookingCancelledPracticeMessage,
  bookingConfirmedClinicianMessage,
  bookingConfirmedPracticeMessage,
  formatHours,
  formatPence,
  formatRate,
  formatShiftWhen,
  MAX_SUMMARY_SEGMENTS,
  MAX_SUMMARY_TEXTS,
  type OfferRef,
  offerMessage,
  offersSummaryMessage,
  phoneVerifyMessage,
  reminderMessage,
  replyAlreadyFilled,
  replyBooked,
  replyClash,
  replyCodeInSeveralBanks,
  replyCodeNotRecognised,
  replyDeclined,
  replyHelp,
  replyLiveOffers,
  replyNoLiveOffers,
  replyNotUnderstood,
  replyOfferExpired,
  replyPhoneNotVerified,
  replyPhoneVerified,
  replySeveralOffers,
  replyShiftCancelled,
  replyStarted,
  replyStopped,
  replyUnknownNumber,
  roleLabel,
  shiftCancelledMessage,
  shiftFilledMessage,
  timesheetApprovedMessage,
  timesheetQueriedMessage,
  timesheetRejectedMessage,
} from '../../lib/notify/templates';

interface Data {
  practiceName: string;
  role: Role;
  when: string;
  hourlyRatePence: number;
  code: string;
}

/** Every SMS the product sends, built from the same data. */
function everySms(d: Data, offers: OfferRef[]): Record<string, string> {
  return {
    offer: offerMessage(d).sms,
    bookingConfirmed: bookingConfirmedClinicianMessage(d).sms,
    bookingCancelledByPractice: bookingCancelledClinicianMessage({ ...d, cancelledBy: 'practice' }).sms,
    bookingCancelledByClinician: bookingCancelledClinicianMessage({ ...d, cancelledBy: 'clinician', reason: 'ill' })
      .sms,
    shiftCancelledBooked: shiftCancelledMessage({ practiceName: d.practiceName, role: d.role, when: d.when }).sms,
    shiftCancelledOffered: shiftCancelledMessage(d).sms,
    reminder: reminderMessage(d).sms,
    shiftFilled: shiftFilledMessage(d).sms,
    timesheetApproved: timesheetApprovedMessage({ ...d, paidMinutes: 12 * 60 + 59, grossPence: 1_234_567 }).sms,
    timesheetQueried: timesheetQueriedMessage({ ...d, note: 'Was the break an hour?' }).sms,
    timesheetRejected: timesheetRejectedMessage({ ...d, reason: 'You left at 17:00' }).sms,
    replyBooked: replyBooked(d).sms,
    replyDeclined: replyDeclined(d).sms,
    replyAlreadyFilled: replyAlreadyFilled(d).sms,
    replyShiftCancelled: replyShiftCancelled(d).sms,
    replyOfferExpired: replyOfferExpired(d).sms,
    replyClash: replyClash({ ...d, reason: 'CLASH' }).sms,
    replyRest: replyClash({ ...d, reason: 'REST' }).sms,
    replyWeeklyHours: replyClash({ ...d, reason: 'WEEKLY_HOURS' }).sms,
    replyTimeOff: replyClash({ ...d, reason: 'TIME_OFF' }).sms,
    replyTravel: replyClash({ ...d, reason: 'TRAVEL' }).sms,
    replyCodeNotRecognised: replyCodeNotRecognised(d).sms,
    replyNotUnderstood: replyNotUnderstood().sms,
    replySeveralOffers: replySeveralOffers({ offers }).sms,
    replyLiveOffers: replyLiveOffers({ offers }).sms,
    replyNoLiveOffers: replyNoLiveOffers().sms,
    replyHelp: replyHelp().sms,
    replyStopped: replyStopped().sms,
    replyStarted: replyStarted().sms,
    replyUnknownNumber: replyUnknownNumber().sms,
    replyCodeInSeveralBanks: replyCodeInSeveralBanks(d).sms,
  };
}

/** The texts that name an organisation, whose name is free text like a practice's. */
function everyOrganisationSms(organisationName: string): Record<string, string> {
  return {
    phoneVerify: phoneVerifyMessage({ organisationName }).sms,
    replyPhoneVerified: replyPhoneVerified({ organisationName }).sms,
    replyPhoneNotVerified: replyPhoneNotVerified({ organisationName }).sms,
    replyPhoneNotVerifiedStop: replyPhoneNotVerified({ organisationName, stop: true }).sms,
  };
}

const LONGEST_ROLE: Role = 'msk-practitioner';
const WORST_NAME =
  'The Meads and Abbey Manor Medical Partnership (Yeovil Health Centre branch surgery) – St Michael’s “Avenue” Annexe…';
const WORST: Data = {
  practiceName: WORST_NAME,
  role: LONGEST_ROLE,
  when: 'Wed 30 Sep 20:00-Fri 2 Oct 08:00',
  hourlyRatePence: 99_999,
  code: '9999',
};
const TYPICAL: Data = {
  practiceName: 'Crewkerne Health Centre',
  role: 'practice-nurse',
  when: 'Thu 3 Dec 08:30-18:30',
  hourlyRatePence: 9500,
  code: '4821',
};

describe('formatShiftWhen', () => {
  it('shows a day shift in London wall-clock time', () => {
    expect(formatShiftWhen('2026-12-03T08:30:00.000Z', '2026-12-03T18:30:00.000Z')).toBe('Thu 3 Dec 08:30-18:30');
  });

  it('shows summer shifts in British Summer Time', () => {
    expect(formatShiftWhen('2026-07-02T07:30:00Z', '2026-07-02T17:00:00Z')).toBe('Thu 2 Jul 08:30-18:00');
  });

  it('shows a night over midnight with its end time alone', () => {
    expect(formatShiftWhen('2025-10-24T19:00:00Z', '2025-10-25T07:00:00Z')).toBe('Fri 24 Oct 20:00-08:00');
  });

  it('keeps the wall clock right across the night the clocks go back', () => {
    // 25 Oct 2026: 20:00 BST to 08:00 GMT is thirteen hours of real time.
    expect(formatShiftWhen('2026-10-24T19:00:00Z', '2026-10-25T08:00:00Z')).toBe('Sat 24 Oct 20:00-08:00');
  });

  it('names the end day of a shift ending two days on', () => {
    expect(formatShiftWhen('2026-09-30T19:00:00Z', '2026-10-02T07:00:00Z')).toBe('Wed 30 Sep 20:00-Fri 2 Oct 08:00');
  });

  it('spells September as Sep, whatever the ICU data says', () => {
    expect(formatShiftWhen('2026-09-10T08:00:00Z', '2026-09-10T12:00:00Z')).toBe('Thu 10 Sep 09:00-13:00');
  });

  it('refuses something that is not an instant', () => {
    expect(() => formatShiftWhen('soon', '2026-09-10T12:00:00Z')).toThrow();
  });
});

describe('money, hours and roles', () => {
  it('shows pence as pounds with two decimals and thousands separated', () => {
    expect(formatPence(9500)).toBe('£95.00');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(102_050)).toBe('£1,020.50');
    expect(formatPence(123_456_789)).toBe('£1,234,567.89');
    expect(formatPence(-250)).toBe('-£2.50');
    expect(formatRate(9500)).toBe('£95.00/h');
  });

  it('shows paid hours with two decimals', () => {
    expect(formatHours(570)).toBe('9.50 h');
    expect(formatHours(20)).toBe('0.33 h');
  });

  it('labels every role', () => {
    expect(ROLES.map(roleLabel)).toEqual([
      'GP',
      'ANP',
      'Practice nurse',
      'HCA',
      'Paramedic',
      'Pharmacist',
      'MSK practitioner',
      'Health coach',
      'Phlebotomist',
    ]);
  });
});

describe('offerMessage', () => {
  it('says what, where, when and the rate, and how to reply with the code', () => {
    const { sms } = offerMessage(TYPICAL);
    expect(sms).toBe(
      'Shift offer: Practice nurse at Crewkerne Health Centre, Thu 3 Dec 08:30-18:30, £95.00/h. Reply YES 4821 to book, NO 4821 to pass.',
    );
    expect(sms).toContain('Reply YES 4821 to book, NO 4821 to pass.');
  });

  it('fits one segment for every role with a practice name of up to 40 characters', () => {
    for (const role of ROLES) {
      const name = 'Wincanton Health Centre, Balsam Park Rd'.padEnd(40, 'x');
      expect(smsSegments(offerMessage({ ...TYPICAL, role, practiceName: name }).sms)).toMatchObject({
        encoding: 'GSM-7',
        segments: 1,
      });
    }
  });

  it('stays GSM-7 and one segment when the practice name has a curly apostrophe', () => {
    const { sms } = offerMessage({ ...TYPICAL, practiceName: 'St Michael’s Surgery, Yeovil' });
    expect(sms).toContain("St Michael's Surgery");
    expect(smsSegments(sms)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('keeps a long name whole when two segments hold it', () => {
    const { sms } = offerMessage({ ...TYPICAL, practiceName: WORST_NAME });
    expect(sms).toContain('Yeovil Health Centre branch surgery');
    expect(smsSegments(sms).segments).toBe(2);
  });

  it('shortens an absurd name with ... rather than send a third segment, and keeps the reply line whole', () => {
    const { sms } = offerMessage({ ...WORST, practiceName: WORST_NAME.repeat(3) });
    expect(sms).toMatch(/The Meads and Abbey Manor .*\.\.\., Wed 30 Sep/);
    expect(sms).toContain('Reply YES 9999 to book, NO 9999 to pass.');
    expect(smsSegments(sms).segments).toBe(2);
  });

  it('makes a text whose reply the grammar reads back as the same offer', () => {
    const { sms } = offerMessage(TYPICAL);
    const yes = /Reply (YES \d{4})/.exec(sms)![1]!;
    const no = /, (NO \d{4}) to pass/.exec(sms)![1]!;
    expect(parseSmsReply(yes)).toEqual({ kind: 'accept', code: '4821' });
    expect(parseSmsReply(no)).toEqual({ kind: 'decline', code: '4821' });
  });

  it('also writes an email with the code and the rate', () => {
    const message = offerMessage({ ...TYPICAL, practiceName: 'St Michael’s Surgery' });
    expect(message.subject).toBe('Shift offer: Practice nurse at St Michael’s Surgery, Thu 3 Dec 08:30-18:30');
    expect(message.email).toContain('Rate: £95.00/h');
    expect(message.email).toContain('YES 4821');
  });
});

describe('every text message', () => {
  const worstOffers: OfferRef[] = Array.from({ length: 7 }, (_, i) => ({
    ...WORST,
    practiceName: `${WORST_NAME} ${i}`,
    code: String(9000 + i),
  }));

  it('is GSM-7 and at most two segments with worst-case data', () => {
    for (const [name, sms] of Object.entries(everySms(WORST, worstOffers))) {
      expect(smsSegments(sms), name).toMatchObject({ encoding: 'GSM-7' });
      expect(smsSegments(sms).segments, name).toBeLessThanOrEqual(2);
    }
  });

  it('fits one segment with typical data, except lists of several offers', () => {
    const twoOffers = [TYPICAL, { ...TYPICAL, code: '5307', practiceName: 'Hamdon Medical Centre' }];
    for (const [name, sms] of Object.entries(everySms(TYPICAL, twoOffers))) {
      if (name === 'replySeveralOffers' || name === 'replyLiveOffers') continue;
      expect(smsSegments(sms), `${name}: ${sms}`).toEqual(expect.objectContaining({ segments: 1 }));
    }
  });

  it('stays within two GSM-7 segments for any practice name, role, time and rate', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.constantFrom(...ROLES),
        fc.constantFrom('Thu 3 Dec 08:30-18:30', 'Wed 30 Sep 20:00-Fri 2 Oct 08:00'),
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 1000, max: 9999 }).map(String),
        fc.integer({ min: 0, max: 12 }),
        (practiceName, role, when, hourlyRatePence, code, count) => {
          const d = { practiceName, role, when, hourlyRatePence, code };
          const offers = Array.from({ length: count }, (_, i) => ({ ...d, code: String(1000 + i) }));
          for (const [name, sms] of Object.entries(everySms(d, offers))) {
            const size = smsSegments(sms);
            expect(size.encoding, name).toBe('GSM-7');
            expect(size.segments, name).toBeLessThanOrEqual(2);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never carries a clinician’s name, even where the template is told it', () => {
    const clinician = 'Dr Asha Patel';
    const d = { ...TYPICAL, clinicianName: clinician, cancelledBy: 'clinician' as const };
    expect(bookingConfirmedPracticeMessage(d).email).toContain(clinician);
    expect(bookingCancelledPracticeMessage(d).email).toContain(clinician);
    for (const sms of Object.values(everySms(TYPICAL, [TYPICAL]))) expect(sms).not.toContain('Patel');
  });
});

describe('proving a phone number', () => {
  it('stays within two GSM-7 segments whatever the organisation is called, and one for a usual name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (name) => {
        for (const [kind, sms] of Object.entries(everyOrganisationSms(name))) {
          expect(smsSegments(sms).encoding, kind).toBe('GSM-7');
          expect(smsSegments(sms).segments, kind).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 40 },
    );
    for (const [kind, sms] of Object.entries(everyOrganisationSms(WORST_NAME))) {
      expect(smsSegments(sms).segments, kind).toBeLessThanOrEqual(2);
    }
    for (const [kind, sms] of Object.entries(everyOrganisationSms('South Somerset GP Federation'))) {
      expect(smsSegments(sms).segments, `${kind}: ${sms}`).toBe(1);
    }
  });

  it('asks in the words the contract gives, naming the organisation', () => {
    expect(phoneVerifyMessage({ organisationName: 'Quantock Vale Practices' }).sms).toBe(
      'Reply YES to get shift offers from Quantock Vale Practices by text',
    );
  });

  it('names the product when the organisation has no name on record', () => {
    expect(phoneVerifyMessage({}).sms).toBe('Reply YES to get shift offers from Rota Bank by text');
  });
});

describe('offer lists', () => {
  const offers: OfferRef[] = [
    { practiceName: 'Crewkerne Health Centre', role: 'gp', when: 'Thu 3 Dec 08:30-18:30', code: '4821' },
    { practiceName: 'Hamdon Medical Centre', role: 'gp', when: 'Fri 4 Dec 08:00-13:00', code: '5307' },
  ];

  it('lists each live offer with its code on its own line', () => {
    expect(replyLiveOffers({ offers }).sms).toBe(
      [
        'Your live offers:',
        '4821: GP, Thu 3 Dec 08:30-18:30, Crewkerne Health Centre',
        '5307: GP, Fri 4 Dec 08:00-13:00, Hamdon Medical Centre',
        'Reply YES or NO with a code.',
      ].join('\n'),
    );
  });

  it('answers a bare YES with several offers by listing their codes and booking nothing', () => {
    const { sms } = replySeveralOffers({ offers });
    expect(sms).toContain('nothing is booked');
    expect(sms).toContain('4821: GP');
    expect(sms).toContain('5307: GP');
  });

  it('tells a number in several banks that each bank lists its own, within two segments', () => {
    const { sms } = replySeveralOffers({ offers: offers.slice(0, 1), severalBanks: true });
    expect(sms).toContain('more than one bank, so nothing is booked');
    expect(sms).toContain('4821: GP');
    expect(sms).not.toMatch(/You have \d/);
    const worst = Array.from({ length: 7 }, (_, i) => ({ ...WORST, practiceName: `${WORST_NAME} ${i}` }));
    expect(smsSegments(replySeveralOffers({ offers: worst, severalBanks: true }).sms).segments).toBeLessThanOrEqual(2);
  });

  it('says there are none rather than send an empty list', () => {
    expect(replyLiveOffers({ offers: [] })).toEqual(replyNoLiveOffers());
  });

  it('lists fewer offers and counts the rest when all of them would not fit', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ ...offers[0]!, code: String(2000 + i) }));
    const { sms } = replyLiveOffers({ offers: many });
    const listed = sms.split('\n').filter((line) => /^\d{4}: /.test(line)).length;
    expect(listed).toBeGreaterThan(1);
    expect(listed).toBeLessThan(9);
    expect(sms).toContain(`and ${9 - listed} more`);
    expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
  });
});

describe('wording', () => {
  it('writes roles in lower case inside a sentence, keeping initialisms', () => {
    expect(reminderMessage(TYPICAL).sms).toBe(
      'Reminder: your practice nurse shift at Crewkerne Health Centre, Thu 3 Dec 08:30-18:30.',
    );
    expect(reminderMessage({ ...TYPICAL, role: 'msk-practitioner' }).sms).toContain('your MSK practitioner shift');
    expect(reminderMessage({ ...TYPICAL, role: 'gp' }).sms).toContain('your GP shift');
  });

  it('tells a clinician holding an offer of a cancelled shift that it is withdrawn, and a booked one not to attend', () => {
    expect(shiftCancelledMessage(TYPICAL).sms).toContain('(offer 4821) was cancelled by the practice');
    const booked = shiftCancelledMessage({ practiceName: TYPICAL.practiceName, role: 'gp', when: TYPICAL.when });
    expect(booked.sms).toBe(
      'Cancelled by the practice: your GP shift at Crewkerne Health Centre, Thu 3 Dec 08:30-18:30. No need to attend.',
    );
  });
});

describe('replies to clashes and closed offers', () => {
  it('says why a clash stopped the booking', () => {
    expect(replyClash({ ...TYPICAL, reason: 'CLASH' }).sms).toContain('overlaps another of your bookings');
    expect(replyClash({ ...TYPICAL, reason: 'REST' }).sms).toContain("under 11 hours' rest");
    expect(replyClash({ ...TYPICAL, reason: 'WEEKLY_HOURS' }).sms).toContain('weekly hours');
    expect(replyClash({ ...TYPICAL, reason: 'TIME_OFF' }).sms).toContain('time off');
    expect(replyClash({ ...TYPICAL, reason: 'TRAVEL' }).sms).toContain('too little time to drive');
  });

  it('tells a late YES that the shift is already filled and names the offer', () => {
    expect(replyAlreadyFilled(TYPICAL).sms).toBe(
      'Sorry, offer 4821 (Practice nurse at Crewkerne Health Centre, Thu 3 Dec 08:30-18:30) has already been filled. No booking made.',
    );
  });

  it('tells an unknown code that nothing matched, with no shift detail', () => {
    const { sms } = replyCodeNotRecognised({ code: '1234' });
    expect(sms).toContain('1234');
    expect(sms).toContain('SHIFTS');
  });
});

describe('emails', () => {
  it('tell the practice who is booked, for which shift and at what rate', () => {
    const message = bookingConfirmedPracticeMessage({ ...TYPICAL, clinicianName: 'Dr Asha Patel' });
    expect(message.subject).toBe('Shift filled: Practice nurse, Thu 3 Dec 08:30-18:30 - Dr Asha Patel');
    expect(message.email).toContain('Clinician: Dr Asha Patel');
    expect(message.email).toContain('Rate: £95.00/h');
  });

  it('tell the practice a cancelled booking goes back out to the bank, with the reason', () => {
    const { email } = bookingCancelledPracticeMessage({
      ...TYPICAL,
      clinicianName: 'Dr Asha Patel',
      cancelledBy: 'clinician',
      reason: 'Unwell',
    });
    expect(email).toContain('Dr Asha Patel has cancelled');
    expect(email).toContain('Reason given: Unwell');
    expect(email).toContain('offered to the bank');
  });

  it("name the fee a practice's late cancellation of a booking owes, to both sides, and only then", () => {
    const late = { ...TYPICAL, clinicianName: 'Dr Asha Patel', cancelledBy: 'practice' as const, feePence: 19_000 };
    expect(bookingCancelledPracticeMessage(late).email).toContain('Dr Asha Patel is owed a fee of £190.00');
    const clinician = bookingCancelledClinicianMessage(late);
    expect(clinician.sms).toBe(
      'Cancelled by the practice: your practice nurse shift at Crewkerne Health Centre, Thu 3 Dec 08:30-18:30. No need to attend. You will be paid a late-cancellation fee of £190.00.',
    );
    expect(clinician.email).toContain('You will be paid a late-cancellation fee of £190.00.');
    const worst = bookingCancelledClinicianMessage({ ...WORST, cancelledBy: 'practice', feePence: 1_234_567 }).sms;
    expect(smsSegments(worst)).toMatchObject({ encoding: 'GSM-7' });
    expect(smsSegments(worst).segments).toBeLessThanOrEqual(2);
    expect(worst).toContain('£12,345.67');
    // The clinician's own cancellation owes no fee, whatever it is told.
    const own = { ...late, cancelledBy: 'clinician' as const };
    expect(bookingCancelledPracticeMessage(own).email).not.toContain('fee');
    expect(bookingCancelledClinicianMessage(own).sms).not.toContain('fee');
    expect(bookingCancelledClinicianMessage({ ...late, feePence: undefined }).sms).not.toContain('fee');
  });

  it('give the clinician the address when it is known', () => {
    const { email } = reminderMessage({ ...TYPICAL, address: 'Middle Path, Crewkerne TA18 8BX' });
    expect(email).toContain('Where: Middle Path, Crewkerne TA18 8BX');
  });

  it("shorten a practice's long query or rejection to two segments, keeping its start", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 500 }), fc.string({ maxLength: 200 }), (note, practiceName) => {
        const d = { ...TYPICAL, practiceName };
        for (const sms of [
          timesheetQueriedMessage({ ...d, note: `Check the end time. ${note}` }).sms,
          timesheetRejectedMessage({ ...d, reason: `Not worked. ${note}` }).sms,
        ]) {
          expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
          expect(sms).toMatch(/"(Check the end time|Not worked)\./);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keep subjects on one line whatever the data', () => {
    const { subject } = timesheetApprovedMessage({
      ...TYPICAL,
      practiceName: 'Crewkerne\nHealth Centre',
      paidMinutes: 570,
      grossPence: 90_250,
    });
    expect(subject).not.toMatch(/\n/);
  });
});

describe('offersSummaryMessage', () => {
  const offers = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      code: String(1000 + i * 7),
      when: `Mon ${4 + Math.floor(i / 2)} Jan ${i % 2 ? '14:00-18:10' : '08:00-12:10'}`,
    }));

  it('lists the 10 offers of a week of GP days in one GSM-7 text of at most three segments, every code present', () => {
    const list = offers(10);
    const { texts } = offersSummaryMessage({
      practiceName: 'Abbey Manor Medical Practice',
      role: 'gp',
      hourlyRatePence: 9500,
      offers: list,
    });
    expect(texts).toHaveLength(1);
    for (const t of texts) {
      expect(smsSegments(t.sms)).toMatchObject({ encoding: 'GSM-7' });
      expect(smsSegments(t.sms).segments).toBeLessThanOrEqual(MAX_SUMMARY_SEGMENTS);
    }
    const all = texts.map((t) => t.sms).join('\n');
    for (const o of list) expect(all).toContain(`${o.code}: ${o.when}`);
  });

  it('never sends more than three texts, and counts the offers it could not list', () => {
    const list = offers(60);
    const { texts, email } = offersSummaryMessage({
      practiceName: 'St Mary’s Surgery',
      role: 'practice-nurse',
      hourlyRatePence: 3200,
      offers: list,
    });
    expect(texts).toHaveLength(MAX_SUMMARY_TEXTS);
    const listed = texts.flatMap((t) => t.sms.split('\n').filter((l) => /^\d{4}: /.test(l)));
    expect(texts.at(-1)!.sms).toContain(`and ${60 - listed.length} more: reply SHIFTS`);
    for (const t of texts) expect(smsSegments(t.sms).segments).toBeLessThanOrEqual(MAX_SUMMARY_SEGMENTS);
    for (const o of list) expect(email).toContain(`offer code ${o.code}`);
  });

  it('keeps within three segments a text whatever the practice name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.integer({ min: 1, max: 30 }), (name, n) => {
        const { texts } = offersSummaryMessage({
          practiceName: name,
          role: 'msk-practitioner',
          hourlyRatePence: 4500,
          offers: offers(n),
        });
        expect(texts.length).toBeGreaterThan(0);
        for (const t of texts) expect(smsSegments(t.sms).segments).toBeLessThanOrEqual(MAX_SUMMARY_SEGMENTS);
      }),
      { numRuns: 60 },
    );
  });
});
