import * as z from 'zod/mini';

/**
 * Classic zod's `.meta(m)` (and `.describe(d)`, which is `m = { description: d }`), which zod/mini lacks: a copy of
 * the schema with `m` registered as its own metadata. The copy reads its original's metadata, but its id, under `m`;
 * the original is untouched. zod/mini's `z.meta(m)` check does otherwise: it adds a check to the copy and stores the
 * merged metadata on it. Keeping classic's rule keeps the OpenAPI document as it was, byte for byte.
 */
export function withMeta<T extends z.ZodMiniType>(schema: T, metadata: z.core.GlobalMeta): T {
  const copy = schema.clone() as T;
  z.globalRegistry.add(copy, metadata);
  return copy;
}
