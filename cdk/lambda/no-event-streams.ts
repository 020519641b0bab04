/**
 * Stands in, inside the Lambda bundles only, for `@smithy/core/event-streams`:
 * the SDK's support for event-stream operations (S3 SelectObjectContent,
 * Bedrock's streaming replies and the like), about 15 KB minified in every
 * bundle. Every client's protocol imports it, lazily, for the moment an
 * event-stream operation runs; the S3 client also makes its marshaller when
 * it is constructed. No function of Rota Bank calls an event-stream
 * operation, so the marshaller here refuses to work, loudly, if one ever
 * does, and everything else runs as with the real module. A newer SDK that
 * imports another name from it fails the build (esbuild: no such export),
 * not a function in AWS.
 */
const refuse = (): never => {
  throw new Error(
    'AWS SDK event streams are not bundled in Rota Bank functions (cdk/lambda/no-event-streams.ts): ' +
      'bundle the real @smithy/core/event-streams to call an event-stream operation',
  );
};

/** What the S3 client's configuration makes at construction: a marshaller that refuses when used. */
export const eventStreamSerdeProvider = (_config: unknown) => ({ serialize: refuse, deserialize: refuse });

/** As the real resolver: the configuration with its (refusing) marshaller. */
export const resolveEventStreamSerdeConfig = <T extends { eventStreamSerdeProvider: (config: T) => unknown }>(
  input: T,
) => Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });

/** What a protocol loads when an event-stream operation runs. */
export class EventStreamSerde {
  constructor(..._args: unknown[]) {
    refuse();
  }
}
