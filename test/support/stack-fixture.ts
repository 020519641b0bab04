/** A failure two calls deep, for test/infra/error-stacks.test.ts to find in a bundled stack. */
export function failDeep(reason: string): never {
  throw new Error(`deep failure: ${reason}`);
}

export function callThrough(reason: string): never {
  return failDeep(reason);
}
