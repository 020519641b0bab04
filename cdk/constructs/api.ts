import { Duration, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  ROUTES,
  type Route,
  type RouteKey,
  type RouteNeed,
  type RouteSpec,
  routeKey,
  tableAccessOf,
} from '../../lib/routes/index';
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
  /** @default ROUTES from lib/routes/index.ts */
  readonly routes?: readonly (Route | RouteSpec)[];
  /** @default { burstLimit: 200, rateLimit: 100 } */
  readonly throttle?: ThrottleSettings;
}

interface RouteShared {
  readonly props: ApiProps;
  readonly authorizer: IHttpRouteAuthorizer;
  readonly routeLogs: LogGroup;
}

/**
 * Routes a nested stack holds at most. Each route costs six resources there
 * (function, role, policy, invoke permission, integration, route), so 50 come
 * to 300, well under CloudFormation's 500 a stack.
 */
export const ROUTES_PER_STACK = 50;

/** Resources each deployed route adds to its nested stack. */
export const RESOURCES_PER_ROUTE = 6;

/**
 * The nested stack each deployed route lives in, by construct id: one per
 * area (the route's first tag, as the document groups them), so adding a
 * route changes only its own area's stack and never moves another route
 * between stacks (which would replace its function and clash on its route
 * key during the deployment). An area past ROUTES_PER_STACK continues in
 * `<Area>Routes2`, `3`, ... in route table order.
 */
export function routeStacks(routes: readonly (Route | RouteSpec)[]): Map<string, Route[]> {
  const areas = new Map<string, Route[]>();
  for (const route of routes) {
    if (route.localOnly) continue;
    const area = 'tags' in route ? route.tags[0] : 'Other';
    areas.set(area, [...(areas.get(area) ?? []), route]);
  }
  const stacks = new Map<string, Route[]>();
  for (const [area, inArea] of areas) {
    for (let i = 0; i < inArea.length; i += ROUTES_PER_STACK) {
      const n = i / ROUTES_PER_STACK + 1;
      stacks.set(`${pascalCase(area)}Routes${n > 1 ? n : ''}`, inArea.slice(i, i + ROUTES_PER_STACK));
    }
  }
  return stacks;
}

/**
 * The HTTP API: one Lambda per deployed route of the route table, each
 * granted what its route needs and nothing more (GET routes read the table
 * unless they declare `writesTable`, the rest read and write it), behind the Cognito JWT authoriser unless the
 * route is public. The groups a route allows are checked in the handler,
 * from the same route table: HTTP API JWT authorisers only know scopes.
 *
 * The API, its stage, authoriser and log groups are in the parent stack; each
 * route's function, role, permission, integration and route are in a nested
 * stack of its area (see `routeStacks`), which keeps the parent stack and
 * every nested one far from CloudFormation's 500 resources as routes are added.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The function behind each deployed route, by route key (`GET /health`). */
  readonly functions: ReadonlyMap<RouteKey, RotaFunction>;
  /** The nested stacks holding the routes, by construct id (`ShiftsRoutes`). */
  readonly routeStacks: ReadonlyMap<string, NestedStack>;

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
          CorsHttpMethod.PUT,
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

    // Made here rather than by HttpUserPoolAuthorizer, which would make it in the nested stack of the first route bound.
    const jwt = new HttpAuthorizer(this, 'Cognito', {
      httpApi: this.httpApi,
      authorizerName: 'Cognito',
      type: HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtAudience: [props.auth.webClient.userPoolClientId],
      jwtIssuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${props.auth.userPool.userPoolId}`,
    });
    const authorizer: IHttpRouteAuthorizer = {
      bind: () => ({ authorizerId: jwt.authorizerId, authorizationType: 'JWT' }),
    };

    const functions = new Map<RouteKey, RotaFunction>();
    const nested = new Map<string, NestedStack>();
    // One log group for every route's function: a group each would cost a resource per route for nothing.
    const routeLogs = new LogGroup(this, 'RouteLogs', { retention: RetentionDays.ONE_MONTH });
    const shared: RouteShared = { props, authorizer, routeLogs };
    for (const [stackId, routes] of routeStacks(props.routes ?? ROUTES)) {
      const stack = new NestedStack(this, stackId, { description: `Rota Bank API: the functions of ${stackId}` });
      nested.set(stackId, stack);
      for (const route of routes) functions.set(routeKey(route), this.addRoute(stack, route, shared));
    }
    this.functions = functions;
    this.routeStacks = nested;
  }

  /** A route's function and its route on the API, in the nested stack given. */
  private addRoute(scope: Construct, route: Route, shared: RouteShared): RotaFunction {
    const { props, authorizer, routeLogs } = shared;
    const key = routeKey(route);
    const fn = new RotaFunction(scope, pascalCase(route.handler), {
      handler: route.handler,
      description: key,
      logGroup: routeLogs,
    });
    props.data.bind(fn, tableAccessOf(route));
    for (const need of route.needs ?? []) {
      const bind = props.needs[need];
      if (!bind) throw new Error(`${key} needs ${need}, and the Api was given no way to grant it`);
      bind(fn);
    }
    const isPublic = route.access === 'public';
    const httpRoute = new HttpRoute(scope, `${route.method}${route.path}`, {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
      integration: new HttpLambdaIntegration(`${pascalCase(route.handler)}Integration`, fn.function),
      authorizer: isPublic ? undefined : authorizer,
    });
    if (isPublic) {
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${key} is public by contract (shared/API.md): it answers before anyone signs in and returns nothing private.`,
      });
    }
    return fn;
  }

  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
