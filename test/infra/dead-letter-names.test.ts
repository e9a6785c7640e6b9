import { beforeAll, describe, expect, it } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { type Subscription, subscriptions } from '../../functions/subscriptions';
import { buildApp } from '../../infra/app';
import {
  consumerFunctionName,
  DEAD_LETTER_TAG,
  OTHER_DEAD_LETTER_OWNERS,
} from '../../infra/dead-letter-queue-names';
import { because } from '../fixtures/because';

/** Every row of the subscription table, as its interface (the literal rows differ in their flags). */
const consumerRows: readonly Subscription[] = subscriptions;

/**
 * Every dead-letter queue of a stage has the name and tags by which `npm run ops -- dlq` finds it
 * (ListQueues by prefix, the consumer function from a tag), in dev and prod, with the encryption
 * and retention it had; the function a tag names exists and sends its failures to that queue; and
 * the templates still synthesize with cdk-nag clean and no dependency cycle (a tag naming a
 * function that dead-letters into the queue would make one).
 */
type Resource = { Type: string; Properties: Record<string, unknown> };
type Templates = { resources: Record<string, Resource>; synthError: unknown };

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const synthesize = (stage: string): Templates => {
  const built = buildApp({ ...NO_BUNDLING, stage });
  let synthError: unknown;
  try {
    built.app.synth();
  } catch (error) {
    synthError = error;
  }
  const resources: Record<string, Resource> = {};
  for (const stack of [built.stateful, built.api, built.consumers, built.operations]) {
    // Without skipCyclicalDependenciesCheck: a cycle between resources fails here.
    const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> };
    for (const [id, resource] of Object.entries(template.Resources))
      resources[`${stack.stackName}/${id}`] = resource;
  }
  return { resources, synthError };
};

const tagsOf = (resource: Resource): Record<string, unknown> =>
  Object.fromEntries(
    ((resource.Properties.Tags ?? []) as Array<{ Key: string; Value: unknown }>).map((tag) => [
      tag.Key,
      tag.Value,
    ]),
  );

const owners = [...consumerRows.map((row) => row.consumer), ...Object.keys(OTHER_DEAD_LETTER_OWNERS)];

describe.each(['dev', 'prod'])('the dead-letter queues of stage %s', (stage) => {
  let synthesized: Templates;
  beforeAll(() => {
    synthesized = synthesize(stage);
  }, 180_000);

  const queues = () =>
    Object.entries(synthesized.resources).filter(([, resource]) => resource.Type === 'AWS::SQS::Queue');
  const functionsNamed = (name: string) =>
    Object.entries(synthesized.resources).filter(
      ([, resource]) =>
        resource.Type === 'AWS::Lambda::Function' && resource.Properties.FunctionName === name,
    );

  it('synthesizes with cdk-nag clean', () => {
    expect(synthesized.synthError).toBeUndefined();
  });

  it('has one queue per consumer, job, the pipe and the timers, each named MunicipalNetwork-<stage>-dlq-<owner>', () => {
    const names = queues().map(([, queue]) => queue.Properties.QueueName);

    expect(names.sort()).toEqual(owners.map((owner) => `MunicipalNetwork-${stage}-dlq-${owner}`).sort());
    for (const name of names) expect((name as string).length).toBeLessThanOrEqual(80);
  });

  it('keeps SQS-managed encryption, TLS only and 14 days of retention on every queue', () => {
    for (const [, queue] of queues())
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1_209_600,
      });
  });

  it('tags each queue with its owner and, where a function handles its letters, that function’s name', () => {
    for (const [, queue] of queues()) {
      const owner = (queue.Properties.QueueName as string).slice(`MunicipalNetwork-${stage}-dlq-`.length);
      const hasFunction =
        (OTHER_DEAD_LETTER_OWNERS as Record<string, { hasFunction: boolean }>)[owner]?.hasFunction ?? true;

      expect(tagsOf(queue)[DEAD_LETTER_TAG.owner]).toBe(owner);
      expect(tagsOf(queue)[DEAD_LETTER_TAG.function]).toBe(
        hasFunction ? consumerFunctionName(stage, owner) : undefined,
      );
    }
  });

  it('names a function that exists and puts its failed invocations in that very queue', () => {
    for (const [queueId, queue] of queues()) {
      const functionName = tagsOf(queue)[DEAD_LETTER_TAG.function];
      if (functionName === undefined) continue;
      const found = functionsNamed(functionName as string);

      because(`${queueId} names ${functionName}`, () => expect(found).toHaveLength(1));
      const [functionId, fn] = found[0] as [string, Resource];
      // Same stack: the dead-letter target is the queue's own Arn attribute.
      expect(functionId.split('/')[0]).toBe(queueId.split('/')[0]);
      expect(fn.Properties.DeadLetterConfig).toEqual({
        TargetArn: { 'Fn::GetAtt': [queueId.split('/')[1], 'Arn'] },
      });
      expect((functionName as string).length).toBeLessThanOrEqual(64);
    }
  });
});
