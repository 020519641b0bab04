import { Duration, Validations } from 'aws-cdk-lib';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TOTALS_STREAM_FILTERS } from '../../lib/store/report-totals';
import type { Data } from './data';
import { RotaFunction } from './rota-function';

export interface ReportsProps {
  readonly data: Data;
}

/**
 * The running report totals: a function on the table stream that moves each
 * practice's day totals as shifts and timesheets change, so a report reads
 * those items rather than every shift of its period. Redelivered and retried
 * batches change nothing twice (each record's contribution is kept beside it).
 */
export class Reports extends Construct {
  readonly totalsFunction: RotaFunction;
  /** Changes whose totals kept failing; `scripts/rebuild-report-totals.ts` puts them right. */
  readonly totalsDeadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: ReportsProps) {
    super(scope, id);
    this.totalsFunction = new RotaFunction(this, 'OnReportTotals', {
      handler: 'on-report-totals',
      timeout: Duration.seconds(60),
    });
    props.data.bind(this.totalsFunction, 'readWrite');
    props.data.grantStreamRead(this.totalsFunction);

    this.totalsDeadLetters = new sqs.Queue(this, 'TotalsDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.totalsDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of the totals stream mapping; a queue behind it would only move the same parked messages.',
    });
    this.totalsFunction.function.addEventSource(
      new DynamoEventSource(props.data.table, {
        // From the start of what the stream holds: a new deployment's first writes count too.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.totalsDeadLetters),
        // The same patterns the local stream pump applies.
        filters: TOTALS_STREAM_FILTERS.map((pattern) => FilterCriteria.filter(pattern)),
      }),
    );
  }
}
