import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'RotaBank';
export const METRICS_SERVICE = 'rota-bank';

/**
 * One metrics buffer for every function, written as CloudWatch embedded
 * metric format on stdout when flushed. The code that sees an event adds its
 * metric; the handler flushes once per invocation (`flushMetrics`). The local
 * runtime sets POWERTOOLS_METRICS_DISABLED, so nothing is printed there.
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

/** The business metrics the dashboard graphs; names are the dashboard's contract. */
export const METRIC = {
  bookingMade: 'BookingMade',
  /** Minutes from a shift's posting to its booking. */
  timeToFill: 'TimeToFill',
  textSent: 'TextSent',
  textRefused: 'TextRefused',
  payrollExportFinished: 'PayrollExportFinished',
  invoiceRunFinished: 'InvoiceRunFinished',
} as const;

export function countMetric(name: (typeof METRIC)[keyof typeof METRIC], value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

/** CloudWatch has no minutes unit: the metric is unitless and its name's documentation says minutes. */
export function timeToFillMetric(postedAt: string, filledAt: string): void {
  const minutes = (Date.parse(filledAt) - Date.parse(postedAt)) / 60_000;
  if (Number.isFinite(minutes) && minutes >= 0) metrics.addMetric(METRIC.timeToFill, MetricUnit.NoUnit, minutes);
}

/**
 * Writes what this invocation recorded, if anything. Powertools' own flush
 * warns on every invocation that recorded nothing (most HTTP requests), so
 * the flush is skipped then.
 */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/** A handler that flushes what its invocation recorded when it ends, thrown or not. */
export function withMetrics<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await fn(...args);
    } finally {
      flushMetrics();
    }
  };
}
