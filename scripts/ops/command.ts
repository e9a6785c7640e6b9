import type { AdminApi } from './admin-api';
import type { Parsed } from './cli-args';
import type { ProgressBar } from './progress-bar';
import type { Target } from './target';

/** What a command sees of the world: its output streams and environment (tests pass their own). */
export interface OpsIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal: the progress bar draws only then (and never with --json). */
  errIsTty?: boolean;
}

export interface CommandContext {
  /** The positional arguments after the command's name. */
  args: string[];
  parsed: Parsed;
  io: OpsIo;
  json: boolean;
  target: () => Promise<Target>;
  api: () => Promise<AdminApi>;
  progress: (label: string) => ProgressBar;
  /** Prints `value` as one line of JSON with --json, else `human` (a function, so it is built only when needed). */
  print: (value: unknown, human: () => string) => void;
}

/** One command of `npm run ops`: its help and its run. Thin: it calls the admin API or a use case. */
export interface Command {
  /** As typed: `fee-preview`, `dlq list`. */
  name: string;
  /** Positional arguments, for the help: `<year>`. */
  usage: string;
  summary: string;
  /** Help lines of the command's own options. */
  options: string[];
  /** The command's own flags (besides --json and --help). */
  flags: string[];
  /** Whether it reaches a target (local cloud or stage), so takes the target options. */
  targeted: boolean;
  /** How many positional arguments it takes: [min, max]. */
  arity: [number, number];
  /** The exit code. */
  run: (context: CommandContext) => Promise<number>;
}
