import { beforeAll, describe, expect, it } from 'vitest';
import { AUTO_APPROVE_AFTER_MS } from '../../lib/domain/timesheet-rules';
import type { Job } from '../../lib/schedule/jobs';
import { runJob } from '../../lib/use-cases/jobs';
import { SYSTEM_ACTOR } from '../../lib/use-cases/timesheets';
import { seedDemoData } from '../../local/seed';
import { freshDeps, type TestDeps } from '../support/table';

type ApprovalJob = Extract<Job, { kind: 'timesheet-auto-approve' }>;

/** What `npm start` seeds, on a table of its own, with the scheduler recording instead of the local pump. */
describe('the demo seed', () => {
  const now = new Date('2026-12-06T09:00:00Z');
  let deps: TestDeps;
  let approvals: { at: Date; job: ApprovalJob }[];

  beforeAll(async () => {
    deps = await freshDeps(now);
    expect((await seedDemoData(deps, now)).seeded).toBe(true);
    approvals = deps.scheduler.jobs.filter(
      (j): j is { at: Date; job: ApprovalJob } => j.job.kind === 'timesheet-auto-approve',
    );
  }, 120_000);

  it("schedules approval on trust for each submitted timesheet, 72 hours after its submission, as a clinician's submission does", async () => {
    expect(approvals.length).toBeGreaterThan(0);
    for (const { at, job } of approvals) {
      const t = await deps.timesheets.get(job.orgId, job.timesheetId);
      expect(t?.status).toBe('submitted');
      expect(at.getTime()).toBe(Date.parse(t!.resubmittedAt ?? t!.submittedAt) + AUTO_APPROVE_AFTER_MS);
      // Within the last 72 hours: older submissions were approved on trust in the demo's own history.
      expect(at.getTime()).toBeGreaterThan(now.getTime());
    }
  });

  it('approves them when the jobs run at their time, and not before', async () => {
    const first = approvals.reduce((a, b) => (a.at <= b.at ? a : b));
    deps.clock.set(new Date(first.at.getTime() - 60_000));
    await runJob(first.job, deps);
    expect((await deps.timesheets.get(first.job.orgId, first.job.timesheetId))?.status).toBe('submitted');

    deps.clock.set(new Date(Math.max(...approvals.map((a) => a.at.getTime())) + 60_000));
    for (const { job } of approvals) await runJob(job, deps);
    for (const { job } of approvals) {
      const t = await deps.timesheets.get(job.orgId, job.timesheetId);
      expect(t?.status).toBe('approved');
      expect(t?.decidedBy).toBe(SYSTEM_ACTOR);
    }
  });
});
