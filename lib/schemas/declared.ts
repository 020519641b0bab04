import './english';

/**
 * A module-level schema or route, built as its module loads, as if written
 * plainly; the call site's pure mark lets esbuild leave it out of a Lambda
 * bundle whose handler never reaches it. A handler imports one route of a
 * routes module and a few schemas of each schemas module: it builds those
 * and what they reference, not all of them (issue 17.6, cold starts).
 *
 * Write it as `export const X = /* @__PURE__ *\/ declared(() => z.object(...))`:
 * esbuild honours the mark only at the call site. test/unit/declared.test.ts
 * holds every declaration in lib/schemas and lib/routes to it.
 */
export function declared<const T>(build: () => T): T {
  return build();
}
