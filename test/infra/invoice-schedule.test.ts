import { describe, expect, it } from 'vitest';
import { synthesise } from './support';

/** The monthly invoice run: a recurring schedule on the 1st, one per named organisation, delivering an invoice-run job. */
describe('the invoice-run schedule', () => {
  it('runs at 06:00 London on the 1st of each month for each organisation named in context', () => {
    const { template } = synthesise({}, { invoiceRunOrgIds: ['org-somerset', 'org-quantock'] });
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
    const { template } = synthesise({}, { invoiceRunOrgIds: ['org-somerset', 'org-quantock'] });
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
});
