import { Names, NestedStack, Reference, Stack, Tokenization, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/**
 * The id cdk-nag gives a wildcard resource in an IAM policy
 * (`AwsSolutions-IAM5[Resource::<ExportsBucket.Arn>/*]`), worked out from the
 * resource itself so an acknowledgement follows logical-id changes instead of
 * silently going stale.
 *
 * In a nested stack (the API's route functions) a value of the parent stack
 * arrives as a parameter CDK names after the reference
 * (`referenceto<unique id of the target><attribute>`), and cdk-nag reads the
 * nested template, so the finding names that parameter instead.
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string | object): string {
  const consumer = Stack.of(scope);
  // Already resolved CloudFormation (a policy statement read back from its document): flatten it as it is.
  if (typeof resource !== 'string') {
    return `AwsSolutions-IAM5[Resource::${flattenCfnReference(consumer.resolve(resource))}]`;
  }
  const flat = Tokenization.reverseString(resource)
    .mapTokens({
      mapToken: (token) =>
        NestedStack.isNestedStack(consumer) && token instanceof Reference && Stack.of(token.target) !== consumer
          ? `<${`referenceto${Names.nodeUniqueId(token.target.node)}${token.displayName}`.replace(/[^A-Za-z0-9]/g, '')}>`
          : flattenCfnReference(consumer.resolve(token)),
    })
    .join({ join: (left, right) => `${left}${right}` });
  return `AwsSolutions-IAM5[Resource::${flat}]`;
}

export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: wildcardResourceFinding(scope, resource), reason });
}
