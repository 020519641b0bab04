import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { apiOrigin } from '../../lib/http/origin';
import { issueCalendarFeed as ROUTE } from '../../lib/routes/calendar';
import { ClinicianReads } from '../../lib/store/clinicians';
import { feedView, issueCalendarFeed } from '../../lib/use-cases/calendar';

export const handler = httpHandler(ROUTE, async ({ caller, params, event }) => {
  const feed = await issueCalendarFeed(caller, params.id ?? '', deps({ clinicians: ClinicianReads }));
  return { status: 201, body: { feed: feedView(feed, apiOrigin(event)) } };
});
