import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type QueryCall, signedQuery } from '../../lib/aws/signed-fetch';

/** One query-protocol request as it arrived: the form decoded, and as it was sent. */
export interface QueryRequest {
  action: string;
  params: Record<string, string>;
  body: string;
  headers: IncomingHttpHeaders;
}

export interface QueryReply {
  status: number;
  body?: string;
}

/** A refusal as SNS and SES write them. */
export const queryRefusal = (status: number, code: string, message: string): QueryReply => ({
  status,
  body: `<ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
});

/**
 * A stand-in for SNS's or SES's endpoint on a local port: it records every
 * request (the form decoded) and answers what `reply` says (200 by default),
 * so the senders are tested through the real signed form POST.
 */
export async function startQueryServer(): Promise<{
  endpoint: string;
  requests: QueryRequest[];
  reply: (answer: (request: QueryRequest) => QueryReply | Promise<QueryReply>) => void;
  /** The real signed query client (lib/aws/signed-fetch.ts) aimed at this server, without retry pauses. */
  client: (service: 'sns' | 'ses') => QueryCall;
  close: () => Promise<void>;
}> {
  const requests: QueryRequest[] = [];
  let answer: (request: QueryRequest) => QueryReply | Promise<QueryReply> = () => ({ status: 200 });
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const params = Object.fromEntries(new URLSearchParams(body));
    const { Action = '', Version: _version, ...rest } = params;
    const request = { action: Action, params: rest, body, headers: req.headers };
    requests.push(request);
    const reply = await answer(request);
    res.writeHead(reply.status, { 'content-type': 'text/xml' });
    res.end(
      reply.body ??
        `<${Action}Response><${Action}Result><MessageId>m-1</MessageId></${Action}Result></${Action}Response>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' };
  return {
    endpoint,
    requests,
    reply: (next) => {
      answer = next;
    },
    client: (service) =>
      signedQuery(
        service === 'sns'
          ? { signingName: 'sns', title: 'SNS', version: '2010-03-31' }
          : { signingName: 'ses', endpointPrefix: 'email', title: 'SES', version: '2010-12-01' },
        { region: 'eu-west-2', endpoint, credentials, sleep: async () => {} },
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
