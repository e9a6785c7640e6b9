import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allConsumers, allEvents } from '../../events/catalogue';
import { eventCatalogueMarkdown, eventSchemaFiles, schemaFileName } from '../../events/docs';

const docs = join(import.meta.dirname, '..', '..', 'docs');

describe('event catalogue', () => {
  it('has committed schema files equal to the definitions: a changed detail needs a new version', () => {
    // A schema for an existing (type, version) may never change; a new version adds a new file.
    for (const [name, content] of Object.entries(eventSchemaFiles())) {
      const file = join(docs, 'events', name);
      expect(existsSync(file), `${name} is not committed: run npm run docs`).toBe(true);
      expect(readFileSync(file, 'utf8'), `${name} changed without a version bump (or run npm run docs)`).toBe(
        content,
      );
    }
  });

  it('keeps the schema of every earlier version committed', () => {
    const current = new Set(allEvents.map((event) => schemaFileName(event.detailType, event.version)));
    for (const file of readdirSync(join(docs, 'events'))) {
      const match = /^(\w+)\.v(\d+)\.json$/.exec(file);
      expect(match, `unexpected file ${file}`).not.toBeNull();
      const [, detailType, version] = match as RegExpExecArray;
      const event = allEvents.find((candidate) => candidate.detailType === detailType);
      expect(event, `${file} belongs to no event in the catalogue`).toBeDefined();
      expect(Number(version) <= (event?.version ?? 0) || current.has(file)).toBe(true);
    }
  });

  it('has a current generated catalogue page', () => {
    expect(readFileSync(join(docs, 'event-catalogue.md'), 'utf8')).toBe(eventCatalogueMarkdown());
  });

  it('names events in past-tense PascalCase with unique detail types and consumer names', () => {
    for (const event of allEvents)
      expect(event.detailType).toMatch(/^([A-Z][a-z]+)+(ed|Set|Sent|Held|Paid|Frozen)$/);
    expect(new Set(allEvents.map((event) => event.detailType)).size).toBe(allEvents.length);
    const names = allConsumers.map(({ consumer }) => consumer.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('points every consumer at an existing handler file named after its event, or a shared one that imports it', () => {
    for (const { event, consumer } of allConsumers) {
      expect(existsSync(join(docs, '..', consumer.entry)), consumer.entry).toBe(true);
      const kebab = event.detailType.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
      if (consumer.entry.startsWith('functions/consumers/on-domain-event-')) {
        // One handler for several events (the statistics): it must parse this event by its definition.
        const source = readFileSync(join(docs, '..', consumer.entry), 'utf8');
        expect(source, consumer.entry).toContain(`from '../../events/${kebab}'`);
      } else {
        expect(consumer.entry).toMatch(new RegExp(`^functions/consumers/on-${kebab}-[a-z-]+\\.ts$`));
      }
    }
  });

  it('carries no personal data fields in any event detail', () => {
    for (const [name, content] of Object.entries(eventSchemaFiles())) {
      const fields = Object.keys((JSON.parse(content) as { properties: Record<string, unknown> }).properties);
      for (const field of fields)
        expect(field, `${name}.${field}`).not.toMatch(/name$|email|phone|address|diet/i);
    }
  });
});
