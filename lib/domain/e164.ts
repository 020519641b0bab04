/**
 * A number as an SMS carrier hands it over: E.164, a plus and up to fifteen
 * digits (AWS End User Messaging's two-way `originationNumber` is always so).
 * The inbound path takes it as given instead of parsing it with
 * libphonenumber (lib/domain/phone.ts), which is a third of the SMS
 * handler's bundle; every stored number is E.164 already, so a number in any
 * other form matches no clinician either way. The local runtime's
 * `/dev/sms/inbound` plays the carrier and turns a number typed in any usual
 * form into E.164 before it hands the text over.
 */
const E164 = /^\+[1-9]\d{6,14}$/;

/** The sender's number if it is E.164, else undefined. */
export const carrierNumber = (text: string): string | undefined => (E164.test(text) ? text : undefined);
