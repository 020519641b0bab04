import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../../cdk/constructs/api';
import { Auth } from '../../cdk/constructs/auth';
import { Data } from '../../cdk/constructs/data';
import { ROUTES, type Route, routeKey } from '../../lib/routes/index';
import { TABLE } from '../../lib/store/table';
import { EVENT_HANDLERS, flattenStack, missingHandlers, type Synthesised, synthesise } from './support';

/** CloudFormation JSON, read by shape. */
type Json = Record<string, any>;

const DEPLOYED: readonly Route[] = (ROUTES as readonly Route[]).filter((r) => !r.localOnly);
const TABLE_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:TransactWriteItems',
];

let synthesised: Synthesised;
let resources: Record<string, Json>;

beforeAll(() => {
  synthesised = synthesise();
  resources = synthesised.resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
/**
 * The app's own functions: aws-cdk-lib adds one of its own (the singleton
 * that sets the documents bucket's notifications at deployment), whose
 * runtime and settings are CDK's.
 */
const ourFunctions = () =>
  ofType('AWS::Lambda::Function').filter(([id]) => !id.startsWith('BucketNotificationsHandler'));
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The function behind a route, found through the route's integration, not through naming. */
function functionIdForRoute(key: string): string {
  const [, route] = ofType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === key) ?? [];
  if (!route) throw new Error(`no route ${key}`);
  const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref;
  return resources[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0];
}

/** Every policy statement that applies to a function's role. */
function statementsOf(functionId: string): Json[] {
  const roleId = resources[functionId]!.Properties.Role['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: Json) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]);
}

const actionsOf = (functionId: string) => statementsOf(functionId).flatMap((s) => asArray<string>(s.Action));
const envOf = (functionId: string): Json => resources[functionId]!.Properties.Environment?.Variables ?? {};
const functionIdFor = (handler: string) => {
  const found = ofType('AWS::Lambda::Function').find(([id]) => id.includes(handler));
  if (!found) throw new Error(`no function like ${handler}`);
  return found[0];
};

describe('the stack', () => {
  it('finds a handler module under functions/ for every function it deploys', () => {
    expect(missingHandlers()).toEqual([]);
  });
});

describe('the table', () => {
  it('keeps new and old images on its stream for the outbox consumer', () => {
    synthesised.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('has point-in-time recovery and deletion protection, and is retained if the stack goes', () => {
    synthesised.template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    });
  });

  it('has the keys, indexes and expiry attribute of the table definition, every index projecting all attributes', () => {
    const [[, table]] = ofType('AWS::DynamoDB::GlobalTable') as [[string, Json]];
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      TABLE.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(table.Properties.TimeToLiveSpecification).toEqual({
      AttributeName: TABLE.timeToLiveAttribute,
      Enabled: true,
    });
  });
});

describe('the HTTP API', () => {
  it('puts the JWT authoriser on every route that is not public, and none on the public ones', () => {
    const [[authorizerId, authorizer]] = ofType('AWS::ApiGatewayV2::Authorizer') as [[string, Json]];
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    const routes = new Map(ofType('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r.Properties]));
    for (const route of DEPLOYED) {
      const deployed = routes.get(routeKey(route));
      expect(deployed, routeKey(route)).toBeDefined();
      if (route.access === 'public') {
        expect(deployed!.AuthorizationType, routeKey(route)).toBe('NONE');
        expect(deployed!.AuthorizerId, routeKey(route)).toBeUndefined();
      } else {
        expect(deployed!.AuthorizationType, routeKey(route)).toBe('JWT');
        expect(deployed!.AuthorizerId, routeKey(route)).toEqual({ Ref: authorizerId });
      }
    }
    expect(routes.size).toBe(DEPLOYED.length);
  });

  it('serves each route from a function of its own', () => {
    const functionIds = DEPLOYED.map((r) => functionIdForRoute(routeKey(r)));
    expect(new Set(functionIds).size).toBe(DEPLOYED.length);
    for (const route of DEPLOYED) {
      expect(resources[functionIdForRoute(routeKey(route))]!.Properties.Description).toBe(routeKey(route));
    }
  });

  it('lets the CloudFront origin and localhost call it with a token, a JSON body, an Idempotency-Key and every method a route uses', () => {
    const [[, api]] = ofType('AWS::ApiGatewayV2::Api') as [[string, Json]];
    const cors = api.Properties.CorsConfiguration;
    expect(cors.AllowHeaders).toEqual(['Authorization', 'Content-Type', 'Idempotency-Key']);
    expect([...cors.AllowMethods].sort()).toEqual(['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    // The browser asks before any other method: a deployed route whose method the preflight leaves out cannot be
    // called from the web app at all (PUT /practices/{id}/requirements was, in AWS only: locally it is one origin).
    for (const route of DEPLOYED) expect(cors.AllowMethods, routeKey(route)).toContain(route.method);
    expect(cors.AllowOrigins).toContain('http://localhost:3000');
    const distributionId = ofType('AWS::CloudFront::Distribution')[0]![0];
    expect(cors.AllowOrigins).toContainEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
    });
  });

  it('lets only the CloudFront origin upload to the documents bucket from a browser, never localhost', () => {
    const rules = (id: RegExp) =>
      ofType('AWS::S3::Bucket').find(([name]) => id.test(name))![1].Properties.CorsConfiguration.CorsRules as Json[];
    const distributionId = ofType('AWS::CloudFront::Distribution')[0]![0];
    const writers = rules(/DocumentsFiles/).filter((r) => (r.AllowedMethods as string[]).some((m) => m !== 'GET'));
    expect(writers.flatMap((r) => r.AllowedOrigins)).toEqual([
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] },
    ]);
  });

  it("lets a browser follow the API's redirect to a download in either bucket (any origin, GET alone)", () => {
    const withCors = ofType('AWS::S3::Bucket').filter(([, b]) => b.Properties?.CorsConfiguration);
    expect(withCors.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/DocumentsFiles/),
      expect.stringMatching(/Exports/),
    ]);
    for (const [id, bucket] of withCors) {
      const open = (bucket.Properties.CorsConfiguration.CorsRules as Json[]).filter((r) =>
        (r.AllowedOrigins as unknown[]).includes('*'),
      );
      expect(open, id).toEqual([expect.objectContaining({ AllowedMethods: ['GET'] })]);
    }
  });

  it('throttles the default stage and logs every request', () => {
    synthesised.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });
});

describe('the Api construct', () => {
  const build = (routes: readonly Route[], needs = {}) => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'ApiOnly');
    const data = new Data(stack, 'Data');
    const auth = new Auth(stack, 'Auth', { callbackUrls: ['http://localhost:3000'] });
    new Api(stack, 'Api', { data, auth, allowOrigins: ['http://localhost:3000'], needs, routes });
    return Object.values(flattenStack(stack));
  };
  const health = ROUTES[0] as Route;

  it('deploys no local-only route', () => {
    const resources = build([health, { ...health, method: 'POST', path: '/local/reset', localOnly: true }]);
    expect(resources.filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey)).toEqual([
      'GET /health',
    ]);
    expect(resources.filter((r) => r.Type === 'AWS::Lambda::Function')).toHaveLength(1);
  });

  it('refuses to synthesise a route that needs something it was given no way to grant', () => {
    expect(() => build([{ ...health, needs: ['exports'] }])).toThrow(/GET \/health needs exports/);
  });
});

/** The stream mapping that wakes a function, found by the function it invokes. */
function mappingOf(functionId: string): Json {
  const found = ofType('AWS::Lambda::EventSourceMapping').filter(
    ([, m]) => m.Properties.FunctionName.Ref === functionId,
  );
  expect(found, functionId).toHaveLength(1);
  return found[0]![1].Properties;
}

describe('the web app', () => {
  it('is served from a private bucket through CloudFront origin access control, falling back to index.html', () => {
    const { template } = synthesised;
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'web/' }),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CustomErrorResponses: [
          { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
          { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
        ],
      }),
    });
  });

  it('sends security headers with every response', () => {
    synthesised.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.anyValue() }),
          StrictTransportSecurity: Match.objectLike({ IncludeSubdomains: true }),
          FrameOptions: Match.objectLike({ FrameOption: 'DENY' }),
          ContentTypeOptions: Match.objectLike({ Override: true }),
        }),
      }),
    });
  });

  it("lets the app's scripts reach S3 in its region, where files go and downloads are redirected, and show a file from a blob: address", () => {
    const policies = ofType('AWS::CloudFront::ResponseHeadersPolicy');
    expect(policies.length).toBeGreaterThan(0);
    for (const [id, policy] of policies) {
      const csp = JSON.stringify(
        policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
      );
      expect(csp, id).toMatch(/connect-src [^;]*https:\/\/\*\.s3\.",\{"Ref":"AWS::Region"\},"\.amazonaws\.com/);
      expect(csp, id).toMatch(/img-src [^;]*blob:/);
      expect(csp, id).toMatch(/frame-src [^;]*blob:/);
    }
  });

  it('deploys nothing to the bucket while there is no web build', () => {
    synthesised.template.resourceCountIs('Custom::CDKBucketDeployment', 0);
  });
});

describe('the outbox consumer', () => {
  const mapping = () => mappingOf(functionIdFor('OnOutbox'));

  it('reads the table stream, halving failing batches, reporting failed items and parking poison records in a queue', () => {
    const props = mapping();
    const tableId = ofType('AWS::DynamoDB::GlobalTable')[0]![0];
    expect(props.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    expect(props.FunctionName).toEqual({ Ref: functionIdFor('OnOutbox') });
    expect(props.BisectBatchOnFunctionError).toBe(true);
    expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(props.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(props.StartingPosition).toBe('LATEST');
    const queueId = props.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(resources[queueId]!.Type).toBe('AWS::SQS::Queue');
    expect(resources[queueId]!.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('sets no origination number when none is given, so SMS go out from the account default', () => {
    expect(envOf(functionIdFor('OnOutbox')).SMS_ORIGINATION_NUMBER).toBeUndefined();
  });

  it('is woken only by inserted outbox records, new bookings (each its own outbox record) and exports to run', () => {
    expect(mapping().FilterCriteria.Filters.map((f: Json) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['OUTBOX'] } } } },
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['BOOKING'] } } } },
      {
        eventName: ['INSERT', 'MODIFY'],
        dynamodb: { NewImage: { type: { S: ['EXPORT'] }, status: { S: ['running'] } } },
      },
    ]);
  });

  it('may invoke the export function, and that one only, and is told its name', () => {
    const exportFunction = functionIdFor('RunPayrollExport');
    const invokes = statementsOf(functionIdFor('OnOutbox')).filter((s) =>
      asArray<string>(s.Action).includes('lambda:InvokeFunction'),
    );
    expect(invokes.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [exportFunction, 'Arn'] }]);
    expect(envOf(functionIdFor('OnOutbox')).EXPORT_FUNCTION_NAME).toEqual({ Ref: exportFunction });
  });
});

describe('the table stream', () => {
  it('has two readers at most, as DynamoDB Streams serves a shard without throttling', () => {
    const tableId = ofType('AWS::DynamoDB::GlobalTable')[0]![0];
    const readers = ofType('AWS::Lambda::EventSourceMapping').filter(
      ([, m]) =>
        JSON.stringify(m.Properties.EventSourceArn) === JSON.stringify({ 'Fn::GetAtt': [tableId, 'StreamArn'] }),
    );
    expect(readers.map(([, m]) => m.Properties.FunctionName.Ref).sort()).toEqual(
      [functionIdFor('OnOutbox'), functionIdFor('OnReportTotals')].sort(),
    );
  });
});

describe('the payroll export run', () => {
  it('is invoked (asynchronously, by the outbox consumer), retried twice by Lambda, then parked in a queue', () => {
    const exportFunction = functionIdFor('RunPayrollExport');
    expect(
      ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.FunctionName.Ref === exportFunction),
    ).toEqual([]);
    const configs = ofType('AWS::Lambda::EventInvokeConfig').filter(
      ([, c]) => c.Properties.FunctionName.Ref === exportFunction,
    );
    expect(configs).toHaveLength(1);
    const config = configs[0]![1].Properties;
    expect(config.MaximumRetryAttempts).toBe(2);
    const queueId = config.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(resources[queueId]!.Type).toBe('AWS::SQS::Queue');
    expect(actionsOf(exportFunction)).not.toContain('dynamodb:GetRecords');
  });

  it('may abort the multipart upload of a run that fails, as well as write and read the file', () => {
    // lib/store/s3-export-files.ts sends AbortMultipartUpload on failure, which s3:PutObject does not cover.
    const actions = actionsOf(functionIdFor('RunPayrollExport'));
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload']));
  });

  it('has five minutes and 1 GB to write a month of timesheets', () => {
    const fn = resources[functionIdFor('RunPayrollExport')]!.Properties;
    expect(fn.Timeout).toBe(300);
    expect(fn.MemorySize).toBe(1024);
  });
});

describe('the report totals', () => {
  it('are kept from every shift and timesheet change on the stream, from its start, retried by failed item and parked when stuck', () => {
    const props = mappingOf(functionIdFor('OnReportTotals'));
    const tableId = ofType('AWS::DynamoDB::GlobalTable')[0]![0];
    expect(props.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    expect(props.FilterCriteria.Filters.map((f: Json) => JSON.parse(f.Pattern))).toEqual([
      { dynamodb: { NewImage: { type: { S: ['SHIFT', 'TIMESHEET'] } } } },
      { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: ['SHIFT', 'TIMESHEET'] } } } },
    ]);
    expect(props.StartingPosition).toBe('TRIM_HORIZON');
    expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(props.BisectBatchOnFunctionError).toBe(true);
    const queueId = props.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(resources[queueId]!.Type).toBe('AWS::SQS::Queue');
  });
});

describe('least privilege', () => {
  it('gives the functions of GET routes no way to write to the table, unless the route declares it writes', () => {
    for (const route of DEPLOYED.filter((r) => r.method === 'GET' && !r.writesTable)) {
      const actions = actionsOf(functionIdForRoute(routeKey(route)));
      expect(actions, routeKey(route)).toContain('dynamodb:Query');
      for (const write of TABLE_WRITES) expect(actions, routeKey(route)).not.toContain(write);
    }
  });

  it("lets GET /invites/{token} count an opening against the caller's rate limit (an UpdateItem), as the local runtime does", () => {
    // DynamoDB Local checks no IAM: with a read-only role every invitation link answered 500 in AWS alone.
    expect(actionsOf(functionIdForRoute('GET /invites/{token}'))).toContain('dynamodb:UpdateItem');
  });

  it('grants no function a wildcard action', () => {
    for (const [id] of ofType('AWS::Lambda::Function')) {
      expect(
        actionsOf(id).filter((a) => a.includes('*')),
        id,
      ).toEqual([]);
    }
  });

  it('grants "*" resources only for tracing, and for SMS to the outbox consumer', () => {
    const outbox = functionIdFor('OnOutbox');
    for (const [id] of ofType('AWS::Lambda::Function')) {
      const onStar = statementsOf(id)
        .filter((s) => asArray(s.Resource).includes('*'))
        .flatMap((s) => asArray<string>(s.Action));
      const allowed = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
      if (id === outbox) allowed.push('sns:Publish');
      expect(
        onStar.filter((a) => !allowed.includes(a)),
        id,
      ).toEqual([]);
    }
  });

  it('lets only the functions of POST /clinicians, POST /clinicians/{id}/disable and POST /invites/{token}/accept administer Cognito users, and tells them which pool', () => {
    const administering = [
      functionIdForRoute('POST /clinicians'),
      functionIdForRoute('POST /clinicians/{id}/disable'),
      functionIdForRoute('POST /invites/{token}/accept'),
    ];
    for (const [id] of ofType('AWS::Lambda::Function')) {
      const cognito = actionsOf(id).filter((a) => a.startsWith('cognito-idp:'));
      if (administering.includes(id)) {
        expect(cognito.sort()).toEqual([
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminDeleteUser',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminSetUserPassword',
          'cognito-idp:AdminUpdateUserAttributes',
          'cognito-idp:AdminUserGlobalSignOut',
        ]);
        expect(envOf(id).USER_POOL_ID).toBeDefined();
      } else {
        expect(cognito, id).toEqual([]);
        expect(envOf(id).USER_POOL_ID, id).toBeUndefined();
      }
    }
  });

  it('lets only the functions that schedule (routes needing it, the scheduled job, the outbox relay that schedules reminders) create schedules', () => {
    const schedulingRoutes = DEPLOYED.filter((r) => (r as Route).needs?.includes('scheduler')).map((r) =>
      functionIdForRoute(routeKey(r)),
    );
    expect(schedulingRoutes.length).toBeGreaterThan(0);
    const target = functionIdFor('OnSchedule');
    const scheduling = new Set([...schedulingRoutes, target, functionIdFor('OnOutbox')]);
    for (const [id] of ofType('AWS::Lambda::Function')) {
      const actions = actionsOf(id);
      const expected = scheduling.has(id);
      expect(actions.includes('scheduler:CreateSchedule'), id).toBe(expected);
      expect(actions.includes('iam:PassRole'), id).toBe(expected);
      expect('SCHEDULER_GROUP_NAME' in envOf(id) && 'SCHEDULER_ROLE_ARN' in envOf(id), id).toBe(expected);
      // The target learns its own ARN when invoked; naming it in its own environment would be circular.
      expect('SCHEDULE_TARGET_ARN' in envOf(id), id).toBe(expected && id !== target);
    }
  });

  it('warns at synth that without emailFrom no email can be sent, and makes no SNS topic for email', () => {
    const warnings = Annotations.fromStack(synthesised.stack).findWarning('*', Match.stringLikeRegexp('emailFrom'));
    expect(warnings.map((w) => w.id)).toEqual(['/RotaBank/Messaging']);
    expect(String(warnings[0]!.entry.data)).toMatch(/no email can be sent, invitations included/);
    expect(ofType('AWS::SES::EmailIdentity')).toEqual([]);
    // The one topic the messaging makes is the inbound SMS topic (the alarms have their own).
    const topics = ofType('AWS::SNS::Topic').map(([id]) => id);
    expect(topics.filter((id) => id.startsWith('Messaging'))).toEqual([expect.stringMatching(/^MessagingInboundSms/)]);
  });

  it('gives every function the table name, and the publisher and export variables only where granted', () => {
    const outbox = functionIdFor('OnOutbox');
    // The export function, and the routes that declare they need the exports bucket (the CSV download).
    const exporters = new Set([
      functionIdFor('RunPayrollExport'),
      ...DEPLOYED.filter((r) => r.needs?.includes('exports')).map((r) => functionIdForRoute(routeKey(r))),
    ]);
    const linkSenders = new Set(
      DEPLOYED.filter((r) => r.needs?.includes('webOrigin')).map((r) => functionIdForRoute(routeKey(r))),
    );
    for (const [id] of ourFunctions()) {
      expect(envOf(id).TABLE_NAME, id).toBeDefined();
      expect(actionsOf(id).includes('sns:Publish'), id).toBe(id === outbox);
      // Without emailFrom there is no sender: no function may send email, and none is told an address.
      expect(
        actionsOf(id).filter((a) => a.startsWith('ses:')),
        id,
      ).toEqual([]);
      expect('EMAIL_FROM' in envOf(id), id).toBe(false);
      expect('EXPORTS_BUCKET' in envOf(id), id).toBe(exporters.has(id));
      // The web app's address, for links in emails: only where a route says it sends one (an invitation).
      expect('WEB_ORIGIN' in envOf(id), id).toBe(linkSenders.has(id));
    }
  });
});

describe('every function', () => {
  it('runs on Node 22 on arm64 with tracing and a log group kept for a month, not parsing source maps at start', () => {
    const functions = ourFunctions();
    expect(functions).toHaveLength(DEPLOYED.length + EVENT_HANDLERS.length);
    expect(ofType('AWS::Lambda::Function').length - functions.length).toBe(1);
    for (const [id, fn] of functions) {
      expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      // The map ships beside the bundle (bundle.test.ts) and is read when an error is logged.
      expect(envOf(id).NODE_OPTIONS, id).toBeUndefined();
      expect(envOf(id).POWERTOOLS_SERVICE_NAME, id).toBe('rota-bank');
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
      expect(resources[logGroupId]!.Properties.RetentionInDays, id).toBe(30);
    }
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the AwsSolutions checks', () => {
    const report = new AwsSolutionsChecks(synthesised.stack).validateScope(synthesised.stack);
    const findings = report.violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('justifies every acknowledgement in words', () => {
    const acknowledgements: [string, string][] = [];
    const walk = (node: IConstruct) => {
      for (const entry of node.node.metadata) {
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
          acknowledgements.push(...(Object.entries(entry.data as Record<string, string>) as [string, string][]));
        }
      }
      node.node.children.forEach(walk);
    };
    walk(synthesised.stack);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(reason.split(/\s+/).length, id).toBeGreaterThanOrEqual(8);
    }
  });
});
