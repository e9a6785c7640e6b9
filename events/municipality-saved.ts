import * as z from 'zod';
import { defineEvent } from './define-event';

/** An admin created or changed a municipality (membership, invoice details, billing party). */
export const MunicipalitySaved = defineEvent({
  source: 'network.members',
  detailType: 'MunicipalitySaved',
  version: 1,
  summary: 'A municipality, its membership periods or its invoice details were saved.',
  detail: z.object({ municipalityCode: z.string().regex(/^\d{4}$/) }),
});
