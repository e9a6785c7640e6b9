/** The contract of the privacy routes (erasure and export of one person) as zod schemas. */
import * as z from 'zod';

export const PersonRequest = z
  .strictObject({
    email: z.email({ message: 'Expected an e-mail address' }).max(254),
  })
  .meta({ id: 'PersonRequest' });

export const ErasureResult = z
  .object({
    /** Random id of this erasure (also in the PersonErased event): the secretariat's record. */
    erasureId: z.string(),
    registrations: z.int().nonnegative(),
    cancelledFirst: z.int().nonnegative(),
    subscriptions: z.int().nonnegative(),
  })
  .meta({ id: 'ErasureResult' });

export const PersonalDataExport = z
  .object({
    email: z.string(),
    registrations: z.array(
      z
        .object({
          id: z.string(),
          meetingId: z.string(),
          status: z.string(),
          attendance: z.array(z.object({ day: z.string(), walkIn: z.boolean() })),
          evaluation: z.object({ invitedAt: z.string().optional(), answered: z.boolean() }),
        })
        .catchall(z.unknown()),
    ),
    subscriptions: z.array(z.object({ focusGroupId: z.string(), status: z.string() }).catchall(z.unknown())),
    suppressed: z.object({ reason: z.string(), reportedAt: z.string() }).optional(),
    notListed: z.array(z.string()),
  })
  .meta({ id: 'PersonalDataExport' });
