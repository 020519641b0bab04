import { Duration, Names, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../lib/metrics';
import { RotaFunction } from './rota-function';

/** A stream consumer this far behind is holding up notifications, exports or totals users are waiting on. */
export const ITERATOR_AGE_THRESHOLD_MS = 60_000;

export interface MonitoringProps {
  readonly httpApi: HttpApi;
}

/**
 * Alarms and one dashboard for the whole stack. It looks for what to watch
 * (every function, every queue, every table-stream consumer) in the stack
 * itself when it is built, so a function or queue added later is watched
 * without anyone remembering to list it here: build it last.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const everything = Stack.of(this).node.findAll();
    const functions = everything.filter((c): c is RotaFunction => c instanceof RotaFunction);
    // Every queue in this app is a dead-letter destination: a message in any of them is work that failed.
    const deadLetterQueues = everything.filter((c): c is sqs.Queue => c instanceof sqs.Queue);
    const streamConsumers = functions.filter((fn) =>
      fn.function.node.children.some(
        (c) => c instanceof EventSourceMapping && c.node.id.startsWith('DynamoDBEventSource'),
      ),
    );

    // A key of our own: CloudWatch cannot publish to a topic under the AWS-managed aws/sns key.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the alarm notifications topic',
      enableKeyRotation: true,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    const action = new SnsAction(this.alarmTopic);

    const alarm = (id: string, metric: cloudwatch.IMetric, threshold: number, description: string, periods = 1) => {
      const a = new cloudwatch.Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      a.addOkAction(action);
      this.alarms.push(a);
      return a;
    };

    const fiveMinutes = Duration.minutes(5);
    for (const queue of deadLetterQueues) {
      alarm(
        `DeadLetters${Names.uniqueId(queue)}`,
        queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
        0,
        `Failed work parked in ${queue.node.path}: inspect and redrive it`,
      );
    }
    // An alarm may read at most 10 metrics: one alarm per ten functions, on the sum of their errors (or throttles),
    // keeps 70 functions at 14 alarms rather than 140, under CloudFormation's 500 resources a stack.
    const groups = Array.from({ length: Math.ceil(functions.length / 10) }, (_, g) =>
      functions.slice(g * 10, g * 10 + 10),
    );
    groups.forEach((group, g) => {
      const sum = (what: 'Errors' | 'Throttles') =>
        new cloudwatch.MathExpression({
          expression: group.map((_, i) => `m${i}`).join(' + '),
          usingMetrics: Object.fromEntries(
            group.map((fn, i) => [
              `m${i}`,
              what === 'Errors'
                ? fn.function.metricErrors({ statistic: 'Sum', period: fiveMinutes })
                : fn.function.metricThrottles({ statistic: 'Sum', period: fiveMinutes }),
            ]),
          ),
          period: fiveMinutes,
          label: `${what} of ${group.map((fn) => fn.node.id).join(', ')}`,
        });
      const names = group.map((fn) => fn.node.path).join(', ');
      alarm(`Errors${g + 1}`, sum('Errors'), 0, `A function failed an invocation: one of ${names}`);
      alarm(
        `Throttles${g + 1}`,
        sum('Throttles'),
        0,
        `A function was throttled (concurrency exhausted): one of ${names}`,
      );
    });
    for (const fn of streamConsumers) {
      alarm(
        `IteratorAge${Names.uniqueId(fn)}`,
        fn.function.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
        ITERATOR_AGE_THRESHOLD_MS,
        `${fn.node.path} is more than a minute behind the table stream`,
        5,
      );
    }
    // The contract never answers 5xx: one is a bug.
    const serverErrors = props.httpApi.metricServerError({ statistic: 'Sum', period: fiveMinutes });
    alarm('Api5xx', serverErrors, 0, 'The HTTP API answered 5xx');

    const business = (metricName: string, statistic = 'Sum') =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: METRICS_SERVICE },
        statistic,
        period: Duration.hours(1),
      });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Bookings and texts',
            left: [business('BookingMade'), business('TextSent'), business('TextRefused')],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Time to fill (minutes)',
            left: [business('TimeToFill', 'p50'), business('TimeToFill', 'p90')],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Payroll exports and invoice runs',
            left: [business('PayrollExportFinished'), business('InvoiceRunFinished')],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'API requests and 5xx',
            left: [props.httpApi.metricCount({ period: fiveMinutes }), serverErrors],
            right: [props.httpApi.metricLatency({ statistic: 'p90', period: fiveMinutes })],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Stream consumers: iterator age (ms)',
            left: streamConsumers.map((fn) =>
              fn.function.metric('IteratorAge', { statistic: 'Maximum', label: fn.node.path }),
            ),
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Dead letters',
            left: deadLetterQueues.map((q) =>
              q.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: q.node.path }),
            ),
            width: 12,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
      ],
    });
  }
}
