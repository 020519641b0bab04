import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DocumentContentType, DocumentType } from '../domain/documents';
import * as keys from './keys';
import { INDEX } from './keys';
import { type Page, type PageRequest, pageOfIndexPartition } from './page';
import type { TransactItem } from './transact';

/** pending: declared or uploaded, awaiting HR; invalid: the bytes were refused and not kept. */
export type DocumentStatus = 'pending' | 'verified' | 'rejected' | 'invalid';

export interface EvidenceDocument {
  id: string;
  orgId: string;
  clinicianId: string;
  type: DocumentType;
  status: DocumentStatus;
  issuedOn?: string;
  expiresOn?: string;
  fileName: string;
  contentType: DocumentContentType;
  bytes: number;
  /** The file's key in the bucket or under the local folder. */
  fileKey: string;
  /** SHA-256 of the local upload address's secret; unused in AWS, where the presigned URL is the secret. */
  uploadTokenHash?: string;
  uploadedAt?: string;
  /** The bucket's version of the file whose bytes passed the check (AWS; the bucket is versioned). */
  fileVersion?: string;
  createdAt: string;
  createdBy: string;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
}

const FIELDS = [
  'id',
  'orgId',
  'clinicianId',
  'type',
  'status',
  'issuedOn',
  'expiresOn',
  'fileName',
  'contentType',
  'bytes',
  'fileKey',
  'uploadTokenHash',
  'uploadedAt',
  'fileVersion',
  'createdAt',
  'createdBy',
  'decidedBy',
  'decidedAt',
  'reason',
] as const;

function documentOf(item: Record<string, unknown>): EvidenceDocument {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as EvidenceDocument;
}

const failedCondition = (e: unknown) => e instanceof ConditionalCheckFailedException;

/**
 * One item per document. Every change of state is conditional on the state it
 * leaves, so a document is verified or rejected once, and a refused upload
 * can never turn into a kept one.
 */
export class DocumentRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(doc: EvidenceDocument): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.document(doc.orgId, doc.id),
          ...keys.documentsOfClinician(doc.orgId, doc.clinicianId, doc.createdAt, doc.id),
          type: 'DOCUMENT',
          ...Object.fromEntries(Object.entries(doc).filter(([k, v]) => v !== undefined && k !== 'type')),
          docType: doc.type,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async get(orgId: string, id: string): Promise<EvidenceDocument | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.document(orgId, id), ConsistentRead: true }),
    );
    return Item ? documentOf({ ...Item, type: Item.docType }) : undefined;
  }

  async ofClinician(orgId: string, clinicianId: string): Promise<EvidenceDocument[]> {
    const out: EvidenceDocument[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX.documentsByClinician.name,
          KeyConditionExpression: `${INDEX.documentsByClinician.partitionKey} = :pk`,
          ExpressionAttributeValues: { ':pk': keys.documentsOfClinicianPartition(orgId, clinicianId) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(documentOf({ ...item, type: item.docType }));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** A page of the clinician's documents, oldest first. */
  async pageOfClinician(orgId: string, clinicianId: string, page: PageRequest): Promise<Page<EvidenceDocument>> {
    const partition = keys.documentsOfClinicianPartition(orgId, clinicianId);
    return pageOfIndexPartition(this.db, this.table, INDEX.documentsByClinician, partition, page, (item) =>
      documentOf({ ...item, type: item.docType }),
    );
  }

  /** Records the file as received; false unless the document was pending with no file yet. */
  async markUploaded(doc: EvidenceDocument, at: string, version?: string): Promise<boolean> {
    return this.update(
      doc,
      `SET uploadedAt = :at${version ? ', fileVersion = :version' : ''} REMOVE uploadTokenHash`,
      '#s = :pending AND attribute_not_exists(uploadedAt)',
      { ':at': at, ':pending': 'pending', ...(version ? { ':version': version } : {}) },
    );
  }

  /** HR's decision, or the content check's `invalid`; false unless the document was still pending. */
  async decide(
    doc: EvidenceDocument,
    status: Exclude<DocumentStatus, 'pending'>,
    by: string,
    at: string,
    reason?: string,
  ): Promise<boolean> {
    return this.update(
      doc,
      `SET #s = :status, decidedBy = :by, decidedAt = :at${reason ? ', reason = :reason' : ''} REMOVE uploadTokenHash`,
      '#s = :pending',
      { ':status': status, ':by': by, ':at': at, ':pending': 'pending', ...(reason ? { ':reason': reason } : {}) },
    );
  }

  /**
   * The verification as a transaction item, for the clinician's evidence to
   * commit with it: the item named `document` fails unless still pending.
   */
  verifyItem(doc: EvidenceDocument, by: string, at: string): TransactItem<'document'> {
    return {
      name: 'document',
      update: {
        Key: keys.document(doc.orgId, doc.id),
        UpdateExpression: 'SET #s = :status, decidedBy = :by, decidedAt = :at REMOVE uploadTokenHash',
        ConditionExpression: 'attribute_exists(PK) AND #s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':status': 'verified', ':by': by, ':at': at, ':pending': 'pending' },
      },
    };
  }

  private async update(
    doc: EvidenceDocument,
    expression: string,
    condition: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.document(doc.orgId, doc.id),
          UpdateExpression: expression,
          ConditionExpression: `attribute_exists(PK) AND ${condition}`,
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (e) {
      if (failedCondition(e)) return false;
      throw e;
    }
  }
}
