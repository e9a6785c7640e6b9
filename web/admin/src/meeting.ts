/** A meeting as GET /api/meetings gives it (functions/http/schemas.ts `Meeting`), the fields used here. */
export interface Meeting {
  readonly id: string;
  readonly title: string;
  readonly focusGroup: { readonly id: string; readonly name: string };
  readonly kind: 'physical' | 'digital';
  readonly days: readonly string[];
  readonly startTime: string;
  readonly endTime: string;
  readonly venue?: string;
  readonly capacity: number;
  readonly seatsLeft: number;
  readonly registrationOpen: boolean;
  readonly registrationClosesAt: string;
}

export interface MeetingDay {
  readonly day: string;
  readonly meetings: readonly Meeting[];
}

/** Every day any meeting is held on, soonest first, with the meetings of that day. */
export const meetingsByDay = (meetings: readonly Meeting[]): MeetingDay[] => {
  const days = new Map<string, Meeting[]>();
  for (const meeting of meetings)
    for (const day of meeting.days) days.set(day, [...(days.get(day) ?? []), meeting]);
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, list]) => ({ day, meetings: list }));
};
