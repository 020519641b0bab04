/** Runs the invoice-run benchmark in a process of its own, so its peak RSS is not the matching banks'. */
const rows = Number(process.argv[2]);
const mod: { benchInvoiceRun(opts: { rows: number }): Promise<object> } = await import('./invoice-run');
const result = await mod.benchInvoiceRun({ rows });
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);

export {};
