/**
 * Runs the payroll export benchmark in a process of its own, so that its peak
 * RSS is the export's and not whatever the matching banks left on this heap.
 */
const rows = Number(process.argv[2]);
const mod: { benchPayrollExport(opts: { rows: number }): Promise<object> } = await import('./payroll-export');
// What this process holds before the export starts (Node, tsx, the SDK and the modules): the floor under peak RSS.
const baselineRssMb = Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10;
const result = await mod.benchPayrollExport({ rows });
process.stdout.write(`${JSON.stringify({ ...result, baselineRssMb })}\n`);
// DynamoDB Local is stopped by then; nothing else should keep the process alive, but make sure.
process.exit(0);

export {};
