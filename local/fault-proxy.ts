import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from './seeded-random';

/**
 * The errors a fault can answer with, each exactly as the real service answers it, so that the
 * AWS SDK's own retry logic (classification, backoff, retry quota) is what gets exercised.
 */
export type FaultReply =
  /** DynamoDB: 400 ThrottlingException (on-demand table above its rate, or control plane). */
  | 'dynamodb-throttling'
  /** DynamoDB: 400 ProvisionedThroughputExceededException. */
  | 'dynamodb-provisioned-throughput'
  /** DynamoDB: 500 InternalServerError. */
  | 'dynamodb-internal-error'
  /** SES v2: 429 TooManyRequestsException (sending rate above the account's quota). */
  | 'ses-too-many-requests'
  /** SES v2: 500 InternalFailure. */
  | 'ses-internal-error';

/** A request as the proxy sees it, for a fault to decide whether it applies. */
export interface ProxiedRequest {
  method: string;
  path: string;
  /** DynamoDB: the action from X-Amz-Target (`PutItem`); otherwise `<METHOD> <path>`. */
  operation: string;
  body: string;
}

export interface Fault {
  name: string;
  matches: (request: ProxiedRequest) => boolean;
  reply: FaultReply;
  /** Share of matching requests answered with the fault (0..1), drawn from the seeded PRNG; default 1. */
  rate?: number;
  /** At most this many injections (then matching requests pass); default unlimited. */
  times?: number;
}

export interface FaultProxy {
  endpoint: string;
  /** Injections and forwarded requests so far, by fault name and in total. */
  readonly injected: Map<string, number>;
  readonly forwarded: { count: number };
  /** Replaces the faults (e.g. to stop injecting before the final checks). */
  setFaults(faults: readonly Fault[]): void;
  stop(): Promise<void>;
}

const DYNAMODB_ERRORS: Record<string, { status: number; type: string; message: string }> = {
  'dynamodb-throttling': {
    status: 400,
    type: 'ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
  'dynamodb-provisioned-throughput': {
    status: 400,
    type: 'ProvisionedThroughputExceededException',
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  'dynamodb-internal-error': {
    status: 500,
    type: 'InternalServerError',
    message: 'Internal server error',
  },
};

const answerFault = (res: ServerResponse, reply: FaultReply): void => {
  const dynamo = DYNAMODB_ERRORS[reply];
  if (dynamo) {
    // DynamoDB's JSON 1.0 protocol: the error's type in `__type`, namespaced.
    res.writeHead(dynamo.status, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': crypto.randomUUID(),
    });
    res.end(
      JSON.stringify({
        __type: `com.amazonaws.dynamodb.v20120810#${dynamo.type}`,
        message: dynamo.message,
      }),
    );
    return;
  }
  // SES v2's REST-JSON protocol: the error's type in the x-amzn-ErrorType header.
  const throttled = reply === 'ses-too-many-requests';
  res.writeHead(throttled ? 429 : 500, {
    'content-type': 'application/json',
    'x-amzn-errortype': throttled ? 'TooManyRequestsException' : 'InternalFailure',
    'x-amzn-requestid': crypto.randomUUID(),
  });
  res.end(JSON.stringify({ message: throttled ? 'Too many requests.' : 'Internal failure.' }));
};

const readAll = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/**
 * A fault-injecting HTTP proxy on loopback in front of DynamoDB Local or the local SES. The
 * functions reach the service through it (their endpoint is the only difference); a seeded share
 * of the requests that a fault matches is answered with the real service's throttling or server
 * error, before anything reaches the service, so a refused request had no effect, as in AWS.
 */
export const startFaultProxy = async (options: {
  target: string;
  faults?: readonly Fault[];
  seed: number;
}): Promise<FaultProxy> => {
  const target = new URL(options.target);
  const random = seededRandom(options.seed);
  let faults = [...(options.faults ?? [])];
  const injected = new Map<string, number>();
  const forwarded = { count: 0 };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const amzTarget = req.headers['x-amz-target'];
      const proxied: ProxiedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        operation:
          typeof amzTarget === 'string'
            ? (amzTarget.split('.').pop() ?? amzTarget)
            : `${req.method} ${(req.url ?? '/').split('?')[0]}`,
        body: body.toString('utf8'),
      };
      for (const fault of faults) {
        if (!fault.matches(proxied)) continue;
        const count = injected.get(fault.name) ?? 0;
        if (fault.times !== undefined && count >= fault.times) continue;
        if (random() >= (fault.rate ?? 1)) continue;
        injected.set(fault.name, count + 1);
        return answerFault(res, fault.reply);
      }
      forwarded.count += 1;
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    injected,
    forwarded,
    setFaults: (next) => {
      faults = [...next];
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Matches requests whose operation is one of `operations` (all requests when none are given). */
export const operations =
  (...names: string[]) =>
  (request: ProxiedRequest): boolean =>
    names.length === 0 || names.includes(request.operation);
