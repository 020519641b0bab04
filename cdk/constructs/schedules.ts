import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { CfnSchedule, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Data } from './data';
import { deadLetterQueue } from './dead-letters';
import { acknowledgeWildcardResource } from './nag';
import { type Bindable, RotaFunction } from './rota-function';

export interface SchedulesProps {
  readonly data: Data;
  /**
   * Organisations whose invoices the recurring run makes on the 1st of each
   * month (06:00 London) for the month before. The table keeps no list of
   * organisations to walk, so each is named here. The same organisations'
   * 10-week pension watchdog runs daily (07:00 London): the organisations
   * that invoice are the ones with locums pensioning their fees.
   */
  readonly invoiceRunOrgIds?: readonly string[];
  /**
   * Organisations whose compliance reminders (30, 14 and 3 days before a
   * required document lapses) run daily at 07:00 London.
   * @default the invoice run's organisations
   */
  readonly complianceReminderOrgIds?: readonly string[];
}

/**
 * One-off EventBridge Scheduler schedules (offer waves, expiry, reminders)
 * created at run time in one group, each invoking `on-schedule` through a
 * role that may invoke that function and nothing else.
 */
export class Schedules extends Construct {
  readonly group: ScheduleGroup;
  readonly invokeRole: iam.Role;
  readonly targetFunction: RotaFunction;
  /**
   * Jobs that failed: those `on-schedule` threw on three times (Lambda's
   * asynchronous retries), and those Scheduler could not deliver at all. The
   * stack's monitoring alarms on any message here.
   */
  readonly jobDeadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Group');

    this.targetFunction = new RotaFunction(this, 'OnSchedule', {
      handler: 'on-schedule',
      timeout: Duration.seconds(30),
    });
    props.data.bind(this.targetFunction, 'readWrite');
    this.jobDeadLetters = deadLetterQueue(
      this,
      'JobDeadLetters',
      'This queue is itself where failed jobs are parked; a queue behind it would only move the same jobs.',
    );
    // Scheduler invokes the function asynchronously: a job that keeps failing would otherwise be dropped in silence.
    this.targetFunction.function.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(this.jobDeadLetters),
    });

    this.invokeRole = new iam.Role(this, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    this.invokeRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.targetFunction.function.functionArn],
      }),
    );
    // Scheduler parks what it cannot deliver with the schedule's own role.
    this.jobDeadLetters.grantSendMessages(this.invokeRole);
    // A wave's run schedules the next wave.
    this.bindScheduler(this.targetFunction, { isTarget: true });

    for (const orgId of props.invoiceRunOrgIds ?? []) {
      new CfnSchedule(this, `InvoiceRun-${orgId}`, {
        groupName: this.group.scheduleGroupName,
        description: `Invoices last month's self-employed and limited-company work of ${orgId}`,
        scheduleExpression: 'cron(0 6 1 * ? *)',
        scheduleExpressionTimezone: 'Europe/London',
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: this.targetFunction.function.functionArn,
          roleArn: this.invokeRole.roleArn,
          input: JSON.stringify({ kind: 'invoice-run', orgId }),
          retryPolicy: { maximumRetryAttempts: 5 },
          deadLetterConfig: { arn: this.jobDeadLetters.queueArn },
        },
      });
      // Its reminders are guarded per session and threshold, so a retried or repeated run tells no one twice.
      new CfnSchedule(this, `PensionWatchdog-${orgId}`, {
        groupName: this.group.scheduleGroupName,
        description: `Reminds ${orgId}'s practices and locums of Form As unsigned and invoices unpaid near the 10-week pension deadline`,
        scheduleExpression: 'cron(0 7 * * ? *)',
        scheduleExpressionTimezone: 'Europe/London',
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: this.targetFunction.function.functionArn,
          roleArn: this.invokeRole.roleArn,
          input: JSON.stringify({ kind: 'pension-watchdog', orgId }),
          retryPolicy: { maximumRetryAttempts: 5 },
          deadLetterConfig: { arn: this.jobDeadLetters.queueArn },
        },
      });
    }

    // A retried run sends nothing twice: each reminder is guarded by its own marker item.
    for (const orgId of props.complianceReminderOrgIds ?? props.invoiceRunOrgIds ?? []) {
      new CfnSchedule(this, `ComplianceReminders-${orgId}`, {
        groupName: this.group.scheduleGroupName,
        description: `Tells ${orgId}'s clinicians and practices of documents lapsing in 30, 14 and 3 days`,
        scheduleExpression: 'cron(0 7 * * ? *)',
        scheduleExpressionTimezone: 'Europe/London',
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: this.targetFunction.function.functionArn,
          roleArn: this.invokeRole.roleArn,
          input: JSON.stringify({ kind: 'compliance-reminders', orgId }),
          retryPolicy: { maximumRetryAttempts: 5 },
          deadLetterConfig: { arn: this.jobDeadLetters.queueArn },
        },
      });
    }
  }

  /**
   * Lets a function create and delete schedules in the group and hand the
   * invoke role to Scheduler; sets SCHEDULER_GROUP_NAME, SCHEDULER_ROLE_ARN
   * and SCHEDULE_TARGET_ARN.
   */
  bindScheduler(fn: Bindable, options: { readonly isTarget?: boolean } = {}): void {
    const stack = Stack.of(this);
    const schedulesInGroup = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
    });
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedulesInGroup],
      }),
    );
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.invokeRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    acknowledgeWildcardResource(
      fn,
      schedulesInGroup,
      'Schedules are created at run time, one per offer wave, expiry or reminder, with names not known at deploy ' +
        'time; the wildcard covers schedules in this group only.',
    );
    fn.addEnvironment('SCHEDULER_GROUP_NAME', this.group.scheduleGroupName);
    fn.addEnvironment('SCHEDULER_ROLE_ARN', this.invokeRole.roleArn);
    fn.addEnvironment('SCHEDULE_DEAD_LETTER_ARN', this.jobDeadLetters.queueArn);
    // The target naming its own ARN would be a circular reference: it learns it from its invocation instead.
    if (!options.isTarget) fn.addEnvironment('SCHEDULE_TARGET_ARN', this.targetFunction.function.functionArn);
  }
}
