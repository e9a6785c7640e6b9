import * as z from 'zod';
import { allEvents } from './catalogue';
import { eventPattern } from './envelope';

/** File name of an event's committed JSON Schema. */
export const schemaFileName = (detailType: string, version: number) => `${detailType}.v${version}.json`;

/** JSON Schema of each event's detail, as committed under docs/events/. */
export const eventSchemaFiles = (): Record<string, string> =>
  Object.fromEntries(
    allEvents.map((event) => [
      schemaFileName(event.detailType, event.version),
      `${JSON.stringify(
        {
          $id: `urn:municipal-network:event:${event.detailType}:v${event.version}`,
          title: event.detailType,
          description: event.summary,
          'x-source': event.source,
          'x-version': event.version,
          ...(z.toJSONSchema(event.detail, { target: 'draft-2020-12' }) as object),
        },
        null,
        2,
      )}\n`,
    ]),
  );

/** A consumer as the catalogue lists it (the rows of functions/subscriptions.ts). */
export interface CatalogueConsumer {
  readonly consumer: string;
  readonly entry: string;
  readonly summary: string;
  readonly event: { readonly detailType: string };
}

/**
 * docs/event-catalogue.md: the contracts from events/, and who consumes each, from the
 * subscription table the caller passes (events/ knows no consumer).
 */
export const eventCatalogueMarkdown = (consumers: readonly CatalogueConsumer[]): string => {
  const consumersOf = (detailType: string) => consumers.filter((row) => row.event.detailType === detailType);
  const lines = [
    '# Event catalogue',
    '',
    'Generated from `events/` and `functions/subscriptions.ts` by `npm run docs`; do not edit by hand.',
    'Every event is stored in the table with its state change (one transaction), published by the',
    "pipe, and routed by one rule per consumer with the pattern shown. On the bus, an event's detail",
    'is the envelope: the fields below plus `id`, `type`, `version`, `occurredAt` and, when a request',
    'caused it, `correlationId`. Events carry ids and facts, never personal data.',
    '',
    '| event | version | source | consumers |',
    '|---|---|---|---|',
    ...allEvents.map(
      (event) =>
        `| [${event.detailType}](#${event.detailType.toLowerCase()}) | ${event.version} | \`${event.source}\` | ${
          consumersOf(event.detailType)
            .map((row) => `\`${row.consumer}\``)
            .join(', ') || '—'
        } |`,
    ),
    '',
  ];
  for (const event of allEvents) {
    lines.push(`## ${event.detailType}`, '', event.summary, '');
    lines.push(
      `Schema: [events/${schemaFileName(event.detailType, event.version)}](events/${schemaFileName(event.detailType, event.version)})`,
      '',
    );
    lines.push('Rule pattern:', '', '```json', JSON.stringify(eventPattern(event)), '```', '');
    const shape = (
      z.toJSONSchema(event.detail) as { properties?: Record<string, { type?: string }>; required?: string[] }
    ).properties;
    lines.push('| field | type |', '|---|---|');
    for (const [field, schema] of Object.entries(shape ?? {}))
      lines.push(`| \`${field}\` | ${schema.type ?? 'see schema'} |`);
    lines.push('');
    if (consumersOf(event.detailType).length > 0) {
      lines.push('Consumers:', '');
      for (const row of consumersOf(event.detailType))
        lines.push(`- \`${row.consumer}\` (\`${row.entry}\`): ${row.summary}`);
      lines.push('');
    }
  }
  return lines.join('\n');
};
