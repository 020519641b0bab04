/**
 * What `/health` asks beyond "the function runs". In AWS nothing: the table
 * is a managed service, and a health check that read it would be one more
 * caller of it per probe. The local runtime registers a probe of its own
 * DynamoDB Local, a Java process that can die under it.
 */
export type HealthProbe = () => Promise<string | undefined>;

let probe: HealthProbe | undefined;

/** The probe answers undefined when healthy, or why not. */
export function setHealthProbe(next: HealthProbe | undefined): void {
  probe = next;
}

/** Why the service is unhealthy, or undefined. */
export async function unhealthyBecause(): Promise<string | undefined> {
  return probe ? probe() : undefined;
}
