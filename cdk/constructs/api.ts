import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES, type Route, type RouteKey, type RouteNeed, routeKey } from '../../lib/http/routes';
import type { Auth } from './auth';
import type { Data } from './data';
import { pascalCase } from './names';
import { type Bindable, RotaFunction } from './rota-function';

export interface ApiProps {
  readonly data: Data;
  readonly auth: Auth;
  /** Browser origins allowed by CORS: the CloudFront address and local development. */
  readonly allowOrigins: readonly string[];
  /**
   * How to grant each thing a route may declare in `needs`. A route needing
   * something without a binder here fails the synth rather than the request.
   */
  readonly needs: Readonly<Partial<Record<RouteNeed, (fn: Bindable) => void>>>;
  /** @default ROUTES from lib/http/routes.ts */
  readonly routes?: readonly Route[];
  /** @default { burstLimit: 200, rateLimit: 100 } */
  readonly throttle?: ThrottleSettings;
}

/**
 * The HTTP API: one Lambda per deployed route of the route table, each
 * granted what its route needs and nothing more (GET routes read the table,
 * the rest read and write it), behind the Cognito JWT authoriser unless the
 * route is public. The groups a route allows are checked in the handler,
 * from the same route table: HTTP API JWT authorisers only know scopes.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The function behind each deployed route, by route key (`GET /health`). */
  readonly functions: ReadonlyMap<RouteKey, RotaFunction>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Rota Bank API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.allowOrigins],
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
        allowMethods: [
          CorsHttpMethod.GET,
          CorsHttpMethod.POST,
          CorsHttpMethod.PATCH,
          CorsHttpMethod.DELETE,
          CorsHttpMethod.OPTIONS,
        ],
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { burstLimit: 200, rateLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.auth.userPool, {
      userPoolClients: [props.auth.webClient],
    });

    const functions = new Map<RouteKey, RotaFunction>();
    const routes: readonly Route[] = props.routes ?? ROUTES;
    // One log group for every route's function: a group each would take the stack past CloudFormation's 500 resources.
    const routeLogs = new LogGroup(this, 'RouteLogs', { retention: RetentionDays.ONE_MONTH });
    for (const route of routes) {
      if (route.localOnly) continue;
      const key = routeKey(route);
      const fn = new RotaFunction(this, pascalCase(route.handler), {
        handler: route.handler,
        description: key,
        logGroup: routeLogs,
      });
      props.data.bind(fn, route.method === 'GET' ? 'read' : 'readWrite');
      for (const need of route.needs ?? []) {
        const bind = props.needs[need];
        if (!bind) throw new Error(`${key} needs ${need}, and the Api was given no way to grant it`);
        bind(fn);
      }
      const isPublic = route.access === 'public';
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascalCase(route.handler)}Integration`, fn.function),
        authorizer: isPublic ? undefined : authorizer,
      });
      if (isPublic && httpRoute) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${key} is public by contract (shared/API.md): it answers before anyone signs in and returns nothing private.`,
        });
      }
      functions.set(key, fn);
    }
    this.functions = functions;
  }

  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
