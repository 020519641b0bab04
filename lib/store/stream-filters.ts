/**
 * Which table stream records each stream consumer wants, as Lambda
 * event-source filter patterns (a record is wanted if any pattern matches).
 * The CDK event source mappings use them as they are; the local stream pump
 * applies the same patterns through the `matches…` functions.
 *
 * DynamoDB Streams serves at most two readers per shard without throttling,
 * so the table has two consumers: the outbox relay (texts, emails, the work
 * a booking leaves, and the start of each payroll export run) and the report
 * totals (lib/store/report-totals.ts).
 */

/** Record type of an export (lib/store/exports.ts). */
export const EXPORT_RECORD_TYPE = 'EXPORT';

/**
 * An export record is written as running when it is asked for (INSERT) and
 * when HR retries a failed one (MODIFY); its only other write settles it as
 * ready or failed (its run's lease is an item of its own). Each of the two
 * hands the export to the export function.
 */
export const EXPORT_STREAM_FILTER = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { type: { S: [EXPORT_RECORD_TYPE] }, status: { S: ['running'] } } },
};

/** New outbox items and new bookings (each booking is its own outbox record: lib/store/outbox.ts). */
export const OUTBOX_RECORD_FILTERS = [
  { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['OUTBOX'] } } } },
  { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['BOOKING'] } } } },
];

/** Records per invocation of the outbox consumer, in AWS (its event source mapping) and locally alike. */
export const OUTBOX_BATCH_SIZE = 25;

/** What wakes the outbox consumer: its records, and exports to run. */
export const OUTBOX_STREAM_FILTERS = [...OUTBOX_RECORD_FILTERS, EXPORT_STREAM_FILTER];

/**
 * The part of Lambda's filter-pattern language the house uses: objects nest,
 * and an array lists the values a leaf may take.
 */
export function matchesFilterPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((allowed) => allowed === value);
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([key, inner]) =>
      matchesFilterPattern(inner, (value as Record<string, unknown>)[key]),
    );
  }
  return pattern === value;
}

/** Everything the outbox consumer is woken for. */
export function matchesOutboxFilter(record: unknown): boolean {
  return OUTBOX_STREAM_FILTERS.some((pattern) => matchesFilterPattern(pattern, record));
}

/** An outbox record (or a booking standing for one), to relay. */
export function matchesOutboxRecordFilter(record: unknown): boolean {
  return OUTBOX_RECORD_FILTERS.some((pattern) => matchesFilterPattern(pattern, record));
}

/** An export to run. */
export function matchesExportFilter(record: unknown): boolean {
  return matchesFilterPattern(EXPORT_STREAM_FILTER, record);
}
