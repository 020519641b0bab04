import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { apiOrigin } from '../../lib/http/origin';
import { getCalendarFeed as ROUTE } from '../../lib/routes/calendar';
import { ClinicianReads } from '../../lib/store/clinicians';
import { currentCalendarFeed, feedView } from '../../lib/use-cases/calendar';

export const handler = httpHandler(ROUTE, async ({ caller, params, event }) => {
  const feed = await currentCalendarFeed(caller, params.id ?? '', deps({ clinicians: ClinicianReads }));
  return { status: 200, body: { feed: feed ? feedView(feed, apiOrigin(event)) : null } };
});
