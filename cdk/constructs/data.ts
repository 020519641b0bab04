import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE } from '../../lib/store/table';
import type { Bindable } from './rota-function';

export type TableAccess = 'read' | 'readWrite';

const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
// Transactions need no actions of their own: each item in one is authorised as the put, update or check it is.
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

export interface DataProps {
  /** @default RemovalPolicy.RETAIN: the table holds the bank's bookings and pay. */
  readonly removalPolicy?: RemovalPolicy;
}

/** The single table, built from `lib/store/table.ts`, and the only way functions get at it. */
export class Data extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: DataProps = {}) {
    super(scope, id);
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      partitionKey: key(TABLE.partitionKey),
      sortKey: key(TABLE.sortKey),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      dynamoStream: StreamViewType[TABLE.stream],
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      globalSecondaryIndexes: TABLE.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: ProjectionType.ALL,
      })),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /**
   * Grants item access on the table and each of its indexes, by name rather
   * than `index/*`, and sets TABLE_NAME.
   */
  bind(fn: Bindable, access: TableAccess): void {
    const arn = this.table.tableArn;
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: access === 'read' ? READ_ACTIONS : [...READ_ACTIONS, ...WRITE_ACTIONS],
        resources: [arn, ...TABLE.indexes.map((index) => `${arn}/index/${index.name}`)],
      }),
    );
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
  }

  /** For a stream consumer: the table's stream only (TableV2 names it, ListStreams included, rather than "*"). */
  grantStreamRead(fn: Bindable): void {
    this.table.grantStreamRead(fn);
  }
}
