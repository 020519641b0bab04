import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler('GET /health', {}, async () => ({ status: 200, body: { status: 'ok' } }));
