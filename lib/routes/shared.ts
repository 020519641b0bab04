import * as z from 'zod/mini';
import type { UserRole } from '../domain/types';

export const ALL: readonly UserRole[] = ['admin', 'manager', 'clinician', 'hr'];

/** A page of a list: the items under their name, and the cursor of the next page while there is one. */
export const page = <T extends z.ZodMiniType>(name: string, item: T) =>
  z.object({ [name]: z.array(item), nextCursor: z.optional(z.string()) });
