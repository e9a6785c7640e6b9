import * as z from 'zod';
import { allEvents } from './catalogue';
import { eventPattern } from './define-event';

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

/** docs/event-catalogue.md, generated from events/. */
export const eventCatalogueMarkdown = (): string => {
  const lines = [
    '# Event catalogue',
    '',
    'Generated from `events/` by `npm run docs`; do not edit by hand. Every event is stored in the',
    'table with its state change (one transaction), published by the pipe, and routed by one rule per',
    'consumer with the pattern shown. Events carry ids and facts, never personal data.',
    '',
    '| event | version | source | consumers |',
    '|---|---|---|---|',
    ...allEvents.map(
      (event) =>
        `| [${event.detailType}](#${event.detailType.toLowerCase()}) | ${event.version} | \`${event.source}\` | ${
          event.consumers.map((consumer) => `\`${consumer.name}\``).join(', ') || '—'
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
    if (event.consumers.length > 0) {
      lines.push('Consumers:', '');
      for (const consumer of event.consumers)
        lines.push(`- \`${consumer.name}\` (\`${consumer.entry}\`): ${consumer.summary}`);
      lines.push('');
    }
  }
  return lines.join('\n');
};
