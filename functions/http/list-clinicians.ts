import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { ListCliniciansQuery } from '../../lib/schemas/clinician';
import { ListQuerySchema } from '../../lib/schemas/common';
import { listClinicians } from '../../lib/use-cases/clinicians';

const Query = ListCliniciansQuery.extend(ListQuerySchema.shape);

export const handler = httpHandler('GET /clinicians', { query: Query }, async ({ caller, query }) => {
  const { limit, cursor, ...filter } = query;
  const page = await listClinicians(caller, filter, { limit, cursor }, deps());
  return { status: 200, body: { clinicians: page.items.map(presentClinician), nextCursor: page.nextCursor } };
});
