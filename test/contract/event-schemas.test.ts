import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import { allEvents } from '../../events/catalogue';
import { eventCatalogueMarkdown, eventSchemaFiles, schemaFileName } from '../../events/docs';
import { ENVELOPE_KEYS } from '../../events/envelope';
import { countingSubscriptions, type Subscription, subscriptions } from '../../functions/subscriptions';
import { because } from '../fixtures/because';

/** Every row of the subscription table, as its interface (the literal rows differ in their flags). */
const consumerRows: readonly Subscription[] = subscriptions;

const docs = join(import.meta.dirname, '..', '..', 'docs');

describe('event catalogue', () => {
  it('has committed schema files equal to the definitions: a changed detail needs a new version', () => {
    // A schema for an existing (type, version) may never change; a new version adds a new file.
    for (const [name, content] of Object.entries(eventSchemaFiles())) {
      const file = join(docs, 'events', name);
      because(`${name} is not committed: run npm run docs`, () => expect(existsSync(file)).toBe(true));
      because(`${name} changed without a version bump (or run npm run docs)`, () =>
        expect(readFileSync(file, 'utf8')).toBe(content),
      );
    }
  });

  it('keeps the schema of every earlier version committed', () => {
    const current = new Set(allEvents.map((event) => schemaFileName(event.detailType, event.version)));
    for (const file of readdirSync(join(docs, 'events'))) {
      const match = /^(\w+)\.v(\d+)\.json$/.exec(file);
      because(`unexpected file ${file}`, () => expect(match).not.toBeNull());
      const [, detailType, version] = match as RegExpExecArray;
      const event = allEvents.find((candidate) => candidate.detailType === detailType);
      because(`${file} belongs to no event in the catalogue`, () => expect(event).toBeDefined());
      expect(Number(version) <= (event?.version ?? 0) || current.has(file)).toBe(true);
    }
  });

  it('has a current generated catalogue page', () => {
    expect(readFileSync(join(docs, 'event-catalogue.md'), 'utf8')).toBe(
      eventCatalogueMarkdown(subscriptions),
    );
  });

  it('names events in past-tense PascalCase with unique detail types and consumer names', () => {
    for (const event of allEvents)
      expect(event.detailType).toMatch(/^([A-Z][a-z]+)+(ed|Set|Sent|Held|Paid|Frozen)$/);
    expect(new Set(allEvents.map((event) => event.detailType)).size).toBe(allEvents.length);
    const names = consumerRows.map((row) => row.consumer);
    expect(new Set(names).size).toBe(names.length);
  });

  it('points every consumer at an existing handler file named after its event, or a shared one the table drives', () => {
    for (const { event, ...consumer } of consumerRows) {
      because(consumer.entry, () => expect(existsSync(join(docs, '..', consumer.entry))).toBe(true));
      const kebab = event.detailType.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
      if (consumer.entry.startsWith('functions/consumers/on-domain-event-')) {
        // One handler for several events (the statistics): it parses each by its row of the table.
        const source = readFileSync(join(docs, '..', consumer.entry), 'utf8');
        because(consumer.entry, () => expect(source).toContain('countingSubscriptions'));
        because(consumer.consumer, () =>
          expect(countingSubscriptions.map((row) => row.consumer)).toContain(consumer.consumer),
        );
      } else {
        expect(consumer.entry).toMatch(new RegExp(`^functions/consumers/on-${kebab}-[a-z-]+\\.ts$`));
      }
    }
  });

  it("uses none of the envelope's own keys in any event detail (they share the bus event's detail)", () => {
    for (const event of allEvents) {
      const fields = Object.keys(
        (z.toJSONSchema(event.detail) as { properties?: Record<string, unknown> }).properties ?? {},
      );
      because(event.detailType, () =>
        expect(fields.filter((field) => (ENVELOPE_KEYS as readonly string[]).includes(field))).toEqual([]),
      );
    }
  });

  it('carries no personal data fields in any event detail', () => {
    for (const [name, content] of Object.entries(eventSchemaFiles())) {
      const fields = Object.keys((JSON.parse(content) as { properties: Record<string, unknown> }).properties);
      for (const field of fields)
        because(`${name}.${field}`, () => expect(field).not.toMatch(/name$|email|phone|address|diet/i));
    }
  });
});
