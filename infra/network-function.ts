import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNag } from './nag';
import { stageSettings } from './stages';

/** infra/ sits one level below the repository root. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Lambda runtime of every function; cdk-nag (AwsSolutions-L1) wants the newest Node.js family member. */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;
/** esbuild target matching {@link FUNCTION_RUNTIME}. */
const ESBUILD_TARGET = 'node24';

/** Environment every function reads through functions/shared/config.ts. */
export interface NetworkFunctionEnvironment {
  readonly TABLE_NAME: string;
  readonly MAIL_FROM: string;
  readonly SES_CONFIGURATION_SET?: string;
  /** Base address of the web pages, for links in e-mail. */
  readonly SITE_URL: string;
  /** Read by Powertools: the `service` of every log line and the namespace of the EMF metrics. */
  readonly POWERTOOLS_SERVICE_NAME?: string;
  readonly POWERTOOLS_METRICS_NAMESPACE?: string;
  /** Set only on functions that issue or check link tokens. */
  readonly LINK_TOKEN_SECRET_ARN?: string;
  /** Set only on functions that set timers (EventBridge Scheduler). */
  readonly SCHEDULE_GROUP?: string;
  readonly SCHEDULE_TARGET_ARN?: string;
  readonly SCHEDULER_ROLE_ARN?: string;
  readonly SCHEDULE_DLQ_ARN?: string;
}

/** What a function that serves the plumbing rather than the product reads (the pipe's enrichment). */
export type PlumbingEnvironment = Readonly<Record<string, never>>;

export interface NetworkFunctionProps {
  /** Handler entry file relative to the repository root, exactly as the route or consumer definition names it. */
  readonly entry: string;
  readonly description?: string;
  readonly environment: NetworkFunctionEnvironment | PlumbingEnvironment;
  /** Its log retention and removal policy are the stage's (infra/stages.ts). */
  readonly stage: string;
  /** @default 10 seconds (HTTP handlers); consumers pass 30. */
  readonly timeout?: Duration;
  /** Where Lambda puts an asynchronous invocation that failed all its retries. */
  readonly deadLetterQueue?: sqs.IQueue;
  /** Retries of an asynchronous invocation (0–2). @default Lambda's default of 2 */
  readonly retryAttempts?: number;
}

/**
 * A NodejsFunction with the house defaults: Node.js on arm64, an ESM bundle with the AWS SDK left
 * to the runtime, source maps, active tracing, its own log group with a bounded retention, and a
 * role of its own that holds no AWS-managed policy (only what the log group and later grants add).
 */
export class NetworkFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NetworkFunctionProps) {
    super(scope, id);
    const stage = stageSettings(props.stage);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: stage.logRetention,
      removalPolicy: stage.dataRemovalPolicy,
    });

    // Our own role instead of the default one, which carries the AWS-managed
    // AWSLambdaBasicExecutionRole (AwsSolutions-IAM4) with logs:* on every log group of the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.entry}`,
    });
    this.logGroup.grantWrite(this.role);

    // What the function's definition asked for (optional settings only where given), plus source maps.
    const environment: Record<string, string> = { NODE_OPTIONS: '--enable-source-maps' };
    for (const [name, value] of Object.entries(props.environment)) {
      if (value !== undefined) environment[name] = value;
    }

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      // Lambda allows 256 characters.
      description: props.description?.slice(0, 256),
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.retryAttempts,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings, not the sources: keeps the bundle small.
        sourcesContent: false,
        format: OutputFormat.ESM,
        target: ESBUILD_TARGET,
        // The runtime ships AWS SDK v3; bundling it would only make cold starts slower.
        externalModules: ['@aws-sdk/*'],
        mainFields: ['module', 'main'],
        // CommonJS dependencies bundled into an ES module still call require().
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });

    acknowledgeNag(
      this,
      'IAM5[Resource::*]',
      'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; test/infra asserts that no other action is granted on "*".',
    );
  }
}
