/**
 * Runs the payroll export benchmark in a process of its own, so that its peak
 * RSS is the export's and not whatever the matching banks left on this heap.
 */
const rows = Number(process.argv[2]);
const mod: { benchPayrollExport(opts: { rows: number }): Promise<object> } = await import('./payroll-export');
// This process (tsx, the seeding, DynamoDB Local's client) is not the one measured: the export runs in a bundle of its own.
const benchProcessRssMb = Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10;
const result = await mod.benchPayrollExport({ rows });
process.stdout.write(`${JSON.stringify({ benchProcessRssMb, ...result })}\n`);
// DynamoDB Local is stopped by then; nothing else should keep the process alive, but make sure.
process.exit(0);

export {};
