import { countsFlag, stringFlag, wholeNumber, YEAR_FLAGS, yearOf } from './cli-args';
import type { Command } from './command';
import { UsageError } from './ops-errors';

/** PUT /api/admin/surveys/{year}: the December survey's figures for the year report. */
export const survey: Command = {
  name: 'survey',
  usage: '<year>',
  summary: 'Record a year’s December survey: respondents, recipients per list, respondents per municipality',
  options: [
    '--year <year>                          the same as <year>',
    '--respondents <n>                      how many answered (required)',
    '--recipients <list=n,list=n>           how many received it, per mailing list (focus group id)',
    '--by-municipality <code=n,code=n>      respondents per municipality (SCB code)',
  ],
  flags: [...YEAR_FLAGS, 'respondents', 'recipients', 'by-municipality'],
  targeted: true,
  arity: [0, 1],
  run: async ({ args, parsed, api, print }) => {
    const year = yearOf({ args, parsed });
    const respondentsText = stringFlag(parsed, 'respondents');
    if (respondentsText === undefined) throw new UsageError('survey needs --respondents <n>');
    const respondents = wholeNumber(respondentsText, '--respondents', 0, 1_000_000);
    const recipientsByList = countsFlag(stringFlag(parsed, 'recipients'), '--recipients');
    const respondentsByMunicipality = countsFlag(stringFlag(parsed, 'by-municipality'), '--by-municipality');
    const { body } = await (await api()).call<{ year: number; respondents: number }>(
      'PUT',
      `/api/admin/surveys/${year}`,
      {
        json: {
          respondents,
          ...(recipientsByList ? { recipientsByList } : {}),
          ...(respondentsByMunicipality ? { respondentsByMunicipality } : {}),
        },
      },
    );
    print(body, () => `Survey ${body.year} recorded: ${body.respondents} respondents.\n`);
    return 0;
  },
};
