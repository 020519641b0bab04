import { describe, expect, it } from 'vitest';
import { type Synthesised, synthesise } from './support';

/** One synthesis (about ten seconds) for the tests that name organisations, made by the first that asks. */
let named: Synthesised | undefined;
const withOrganisations = () => {
  named ??= synthesise({}, { invoiceRunOrgIds: ['org-somerset', 'org-quantock'] });
  return named;
};

/** The monthly invoice run: a recurring schedule on the 1st, one per named organisation, delivering an invoice-run job. */
describe('the invoice-run schedule', () => {
  it('runs at 06:00 London on the 1st of each month for each organisation named in context', () => {
    const { template } = withOrganisations();
    const schedules = (
      Object.values(template.findResources('AWS::Scheduler::Schedule')) as {
        Properties: Record<string, any>;
      }[]
    ).filter((s) => JSON.parse(s.Properties.Target.Input as string).kind === 'invoice-run');
    expect(schedules).toHaveLength(2);
    const jobs = schedules.map((s) => JSON.parse(s.Properties.Target.Input as string));
    expect(jobs).toEqual(
      expect.arrayContaining([
        { kind: 'invoice-run', orgId: 'org-somerset' },
        { kind: 'invoice-run', orgId: 'org-quantock' },
      ]),
    );
    for (const s of schedules) {
      expect(s.Properties.ScheduleExpression).toBe('cron(0 6 1 * ? *)');
      expect(s.Properties.ScheduleExpressionTimezone).toBe('Europe/London');
    }
  });

  it('runs the pension watchdog daily at 07:00 London for the same organisations', () => {
    const { template } = withOrganisations();
    const watchdogs = (
      Object.values(template.findResources('AWS::Scheduler::Schedule')) as { Properties: Record<string, any> }[]
    ).filter((s) => JSON.parse(s.Properties.Target.Input as string).kind === 'pension-watchdog');
    expect(watchdogs.map((s) => JSON.parse(s.Properties.Target.Input as string).orgId).sort()).toEqual([
      'org-quantock',
      'org-somerset',
    ]);
    for (const s of watchdogs) {
      expect(s.Properties.ScheduleExpression).toBe('cron(0 7 * * ? *)');
      expect(s.Properties.ScheduleExpressionTimezone).toBe('Europe/London');
      expect(s.Properties.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 5 });
    }
  });

  it('makes none when no organisation is named', () => {
    const { template } = synthesise();
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  it('parks a failed job where an alarm sees it: what on-schedule threw on thrice, and what Scheduler could not deliver', () => {
    const { template } = withOrganisations();
    const queues = template.findResources('AWS::SQS::Queue');
    const jobQueue = Object.keys(queues).find((id) => /JobDeadLetters/.test(id))!;
    expect(jobQueue).toBeDefined();
    const onSchedule = Object.keys(template.findResources('AWS::Lambda::Function')).find((id) => /OnSchedule/.test(id));
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: onSchedule },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [jobQueue, 'Arn'] } } },
    });
    for (const schedule of Object.values(template.findResources('AWS::Scheduler::Schedule')) as {
      Properties: Record<string, any>;
    }[]) {
      expect(schedule.Properties.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [jobQueue, 'Arn'] } });
    }
    // Scheduler sends to it with the schedules' own role.
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: any }[];
    const invokeRolePolicy = policies.find((p) => JSON.stringify(p.Properties.Roles).match(/SchedulesInvokeRole/));
    expect(JSON.stringify(invokeRolePolicy?.Properties.PolicyDocument.Statement)).toMatch(
      new RegExp(`"sqs:SendMessage".*${jobQueue}`),
    );
    // The schedules made at run time name it too: every function that schedules is told where it is.
    const functions = template.findResources('AWS::Lambda::Function') as Record<string, { Properties: any }>;
    const scheduling = Object.values(functions).filter(
      (f) => f.Properties.Environment?.Variables?.SCHEDULER_GROUP_NAME,
    );
    expect(scheduling.length).toBeGreaterThan(1);
    for (const f of scheduling) {
      expect(f.Properties.Environment.Variables.SCHEDULE_DEAD_LETTER_ARN).toEqual({ 'Fn::GetAtt': [jobQueue, 'Arn'] });
    }
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: any }[];
    expect(
      alarms.some((a) => JSON.stringify(a.Properties.Dimensions ?? a.Properties.Metrics ?? '').includes(jobQueue)),
    ).toBe(true);
  });
});
