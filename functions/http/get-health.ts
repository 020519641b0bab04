import { httpHandler } from '../../lib/http/handler';
import { getHealth as ROUTE } from '../../lib/routes/system';

export const handler = httpHandler(ROUTE, async () => ({ status: 200, body: { status: 'ok' as const } }));
