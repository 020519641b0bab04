import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentIr35 } from '../../lib/http/present';
import { recordIr35 as ROUTE } from '../../lib/routes/clinicians';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { PracticeRepository } from '../../lib/store/practices';
import { recordIr35 } from '../../lib/use-cases/ir35';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const determination = await recordIr35(
    caller,
    params.id ?? '',
    body,
    deps({ practices: PracticeRepository, clinicians: ClinicianRepository }),
  );
  return { status: 201, body: { determination: presentIr35(determination) } };
});
