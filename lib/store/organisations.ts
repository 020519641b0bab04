import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  DEFAULT_BANK_HOLIDAY_UPLIFT,
  DEFAULT_LATE_CANCELLATION_FEE_HOURS,
  DEFAULT_LATE_CANCELLATION_HOURS,
} from '../domain/types';
import * as keys from './keys';

/** The organisation's name as texts name it; undefined when its record has none. */
export async function organisationName(
  db: DynamoDBDocumentClient,
  table: string,
  orgId: string,
): Promise<string | undefined> {
  const out = await db.send(
    new GetCommand({
      TableName: table,
      Key: keys.organisation(orgId),
      ProjectionExpression: '#name',
      ExpressionAttributeNames: { '#name': 'name' },
    }),
  );
  const name = out.Item?.name;
  return typeof name === 'string' && name.trim() ? name : undefined;
}

/** How late a practice may cancel a filled shift without a fee, and the fee's hours at the shift's rate. */
export interface CancellationTerms {
  lateCancellationHours: number;
  lateCancellationFeeHours: number;
  /** The fee is priced as its hours worked from the booked start would be: a bank holiday's uplift included. */
  bankHolidayUplift: number;
}

const nonNegative = (value: unknown, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;

/** The organisation's bank-holiday uplift, from its record; 1.5 unless it set its own. */
export async function bankHolidayUplift(db: DynamoDBDocumentClient, table: string, orgId: string): Promise<number> {
  const out = await db.send(
    new GetCommand({ TableName: table, Key: keys.organisation(orgId), ProjectionExpression: 'bankHolidayUplift' }),
  );
  return nonNegative(out.Item?.bankHolidayUplift, DEFAULT_BANK_HOLIDAY_UPLIFT);
}

/** The organisation's cancellation terms, from its record; 48 hours and a 2-hour fee unless it set its own. */
export async function cancellationTerms(
  db: DynamoDBDocumentClient,
  table: string,
  orgId: string,
): Promise<CancellationTerms> {
  const out = await db.send(
    new GetCommand({
      TableName: table,
      Key: keys.organisation(orgId),
      ProjectionExpression: 'lateCancellationHours, lateCancellationFeeHours, bankHolidayUplift',
    }),
  );
  return {
    lateCancellationHours: nonNegative(out.Item?.lateCancellationHours, DEFAULT_LATE_CANCELLATION_HOURS),
    lateCancellationFeeHours: nonNegative(out.Item?.lateCancellationFeeHours, DEFAULT_LATE_CANCELLATION_FEE_HOURS),
    bankHolidayUplift: nonNegative(out.Item?.bankHolidayUplift, DEFAULT_BANK_HOLIDAY_UPLIFT),
  };
}
