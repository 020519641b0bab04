import { describe, expect, it } from 'vitest';
import { matchesExportFilter } from '../../lib/store/stream-filters';

const record = (eventName: string, type: string, status: string) => ({
  eventName,
  dynamodb: { NewImage: { type: { S: type }, status: { S: status }, id: { S: 'exp-1' } } },
});

describe('the export stream filter', () => {
  it('hands an export to its run when an export is asked for and when a failed one is retried', () => {
    expect(matchesExportFilter(record('INSERT', 'EXPORT', 'running'))).toBe(true);
    expect(matchesExportFilter(record('MODIFY', 'EXPORT', 'running'))).toBe(true);
  });

  it('lets an export settling as ready or failed, and any other record, pass by', () => {
    expect(matchesExportFilter(record('MODIFY', 'EXPORT', 'ready'))).toBe(false);
    expect(matchesExportFilter(record('MODIFY', 'EXPORT', 'failed'))).toBe(false);
    expect(matchesExportFilter(record('REMOVE', 'EXPORT', 'running'))).toBe(false);
    expect(matchesExportFilter(record('INSERT', 'EXPORT_CLAIM', 'running'))).toBe(false);
    expect(matchesExportFilter(record('INSERT', 'OUTBOX', 'running'))).toBe(false);
  });
});
