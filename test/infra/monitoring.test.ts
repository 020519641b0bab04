import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ITERATOR_AGE_THRESHOLD_MS } from '../../cdk/constructs/monitoring';
import { type Synthesised, synthesise } from './support';

/** CloudFormation JSON, read by shape. */
type Json = Record<string, any>;

let synthesised: Synthesised;
let resources: Record<string, Json>;

beforeAll(() => {
  synthesised = synthesise();
  resources = synthesised.resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties as Json);
const alarmsOn = (namespace: string, metricName: string) =>
  alarms().filter((a) => a.Namespace === namespace && a.MetricName === metricName);
/** The logical id a dimension of an alarm refers to. */
const dimensionRef = (alarm: Json, name: string): string => {
  const value = (alarm.Dimensions as Json[]).find((d) => d.Name === name)!.Value;
  return value.Ref ?? value['Fn::GetAtt'][0];
};

const functionIds = () => ofType('AWS::Lambda::Function').map(([id]) => id);
// Functions CDK adds for itself (custom resources such as the web deployment) are not ours to alarm on:
// ours are the ones whose log group we own, which every RotaFunction has.
const ourFunctionIds = () =>
  ofType('AWS::Lambda::Function')
    .filter(([, r]) => r.Properties.LoggingConfig?.LogGroup)
    .map(([id]) => id);

describe('monitoring', () => {
  it('alarms on every dead-letter queue as soon as one message is in it', () => {
    const queues = ofType('AWS::SQS::Queue').map(([id]) => id);
    expect(queues.length).toBeGreaterThanOrEqual(4);
    const dlq = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible');
    expect(dlq).toHaveLength(queues.length);
    expect(dlq.map((a) => dimensionRef(a, 'QueueName')).sort()).toEqual([...queues].sort());
    for (const a of dlq) {
      expect(a.Threshold).toBe(0);
      expect(a.ComparisonOperator).toBe('GreaterThanThreshold');
      expect(a.Statistic).toBe('Maximum');
    }
  });

  it("alarms on each of the app's functions' errors and throttles, any at all", () => {
    const ours = ourFunctionIds();
    expect(ours.length).toBeGreaterThan(20);
    for (const metric of ['Errors', 'Throttles']) {
      // Ten functions an alarm (CloudWatch's limit for metric math), on the sum of their metric.
      const found = alarms().filter((a) =>
        (a.Metrics as Json[] | undefined)?.some((m) => m.MetricStat?.Metric?.MetricName === metric),
      );
      expect(found.length, metric).toBe(Math.ceil(ours.length / 10));
      const watched = found.flatMap((a) =>
        (a.Metrics as Json[])
          .filter((m) => m.MetricStat)
          .map((m) => {
            expect(m.MetricStat.Metric.Namespace, metric).toBe('AWS/Lambda');
            expect(m.MetricStat.Metric.MetricName, metric).toBe(metric);
            expect(m.MetricStat.Stat, metric).toBe('Sum');
            expect(m.MetricStat.Period, metric).toBe(300);
            return m.MetricStat.Metric.Dimensions.find((d: Json) => d.Name === 'FunctionName').Value.Ref as string;
          }),
      );
      expect(watched.sort(), metric).toEqual([...ours].sort());
      for (const a of found) {
        const sum = (a.Metrics as Json[]).find((m) => m.Expression)!;
        expect(sum.ReturnData, metric).not.toBe(false);
        expect(sum.Expression.split(' + ')).toHaveLength((a.Metrics as Json[]).length - 1);
        expect(a.Threshold, metric).toBe(0);
        expect(a.ComparisonOperator, metric).toBe('GreaterThanThreshold');
      }
    }
    // Those left without them are the ones CDK makes for itself (the web deployment's custom resource).
    expect(functionIds().length - ours.length).toBeLessThanOrEqual(3);
  });

  it("keeps the stack and each of its nested stacks within CloudFormation's 500 resources, with room to grow", () => {
    expect(Object.keys(synthesised.template.toJSON().Resources).length).toBeLessThan(480);
    expect(synthesised.nested.size).toBeGreaterThan(0);
    for (const [path, template] of synthesised.nested) {
      expect(Object.keys(template.toJSON().Resources).length, path).toBeLessThan(480);
    }
  });

  it('alarms on the iterator age of every function a table stream feeds, past a minute for five minutes', () => {
    const consumers = ofType('AWS::Lambda::EventSourceMapping')
      .filter(([, r]) => r.Properties.EventSourceArn['Fn::GetAtt']?.[1] === 'StreamArn')
      .map(([, r]) => r.Properties.FunctionName.Ref as string);
    // The outbox relay and the report totals.
    expect(consumers).toHaveLength(2);
    const found = alarmsOn('AWS/Lambda', 'IteratorAge');
    expect(found.map((a) => dimensionRef(a, 'FunctionName')).sort()).toEqual([...consumers].sort());
    for (const a of found) {
      expect(a.Threshold).toBe(ITERATOR_AGE_THRESHOLD_MS);
      expect(a.Statistic).toBe('Maximum');
      expect(a.Period).toBe(60);
      expect(a.EvaluationPeriods).toBe(5);
    }
  });

  it("alarms on the HTTP API's first 5xx", () => {
    const [api] = ofType('AWS::ApiGatewayV2::Api').map(([id]) => id);
    const found = alarmsOn('AWS/ApiGateway', '5xx');
    expect(found).toHaveLength(1);
    expect(dimensionRef(found[0]!, 'ApiId')).toBe(api);
    expect(found[0]!.Threshold).toBe(0);
    expect(found[0]!.Statistic).toBe('Sum');
  });

  it('sends every alarm, and its recovery, to one encrypted topic CloudWatch can publish to', () => {
    const topics = ofType('AWS::SNS::Topic').filter(([id]) => id.startsWith('Monitoring'));
    expect(topics).toHaveLength(1);
    const [topicId, topic] = topics[0]!;
    const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    const keyStatements = resources[keyId]!.Properties.KeyPolicy.Statement as Json[];
    expect(
      keyStatements.some(
        (s) => s.Principal?.Service === 'cloudwatch.amazonaws.com' && [s.Action].flat().includes('kms:Decrypt'),
      ),
    ).toBe(true);
    const all = alarms();
    expect(all.length).toBeGreaterThan(0);
    for (const a of all) {
      expect(a.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(a.OKActions).toEqual([{ Ref: topicId }]);
      expect(a.TreatMissingData).toBe('notBreaching');
    }
  });

  it('has one dashboard graphing the business metrics beside the health ones', () => {
    const dashboards = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(synthesised.stack.resolve(dashboards[0]![1].Properties.DashboardBody));
    for (const metric of ['BookingMade', 'TimeToFill', 'TextSent', 'TextRefused', 'PayrollExportFinished']) {
      expect(body, metric).toContain(metric);
    }
    expect(body).toContain('RotaBank');
    expect(body).toContain('IteratorAge');
    expect(body).toContain('ApproximateNumberOfMessagesVisible');
    synthesised.template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardBody: Match.anyValue() });
  });

  it('leaves cdk-nag with nothing unacknowledged', () => {
    const report = new AwsSolutionsChecks(synthesised.stack).validateScope(synthesised.stack);
    expect(
      report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
  });
});
