/**
 * The demo as a library: what tests and scripts/ops use of it. `npm run demo` runs ./main.ts.
 * Re-exported here so that importers name the folder, not the file a piece happens to live in.
 */

export type {
  DemoPlan,
  Official,
  PlannedEvaluation,
  PlannedMeeting,
  PlannedRegistration,
  PlannedWalkIn,
} from './plan';
export { buildPlan, planFigures } from './plan';
/** Running the demo (a local cloud of its own) and what it gives back. */
export type { DemoOptions, DemoResult, MeetingOutcome } from './replay';
export { runDemo } from './replay';
/** The focus groups the plan and the outcomes name. */
export type { GroupId } from './seed-tables';
export { summarize } from './summary';
