/** `npm run docs`: writes the event schemas and catalogue under docs/ from events/ and the subscription table. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventCatalogueMarkdown, eventSchemaFiles } from '../events/docs';
import { subscriptions } from '../functions/subscriptions';

const docs = join(import.meta.dirname, '..', 'docs');
mkdirSync(join(docs, 'events'), { recursive: true });
for (const [name, content] of Object.entries(eventSchemaFiles()))
  writeFileSync(join(docs, 'events', name), content);
writeFileSync(join(docs, 'event-catalogue.md'), eventCatalogueMarkdown(subscriptions));
process.stdout.write('docs/event-catalogue.md and docs/events/*.json written\n');
