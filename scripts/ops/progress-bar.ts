/** Where a progress bar may draw: stderr, and only when a person watches it. */
export interface ProgressSink {
  write: (text: string) => void;
  /** True when stderr is a terminal; never in `--json` runs. */
  enabled: boolean;
}

export interface ProgressBar {
  /** Without a total (not known yet) it shows the count alone. */
  update(done: number, total?: number): void;
  finish(): void;
}

const WIDTH = 30;

/**
 * A one-line bar redrawn in place (`\r`) on stderr. Disabled it draws nothing, so a command
 * calls it the same way in a terminal, in a pipe, in `--json` and in tests.
 */
export const progressBar = (sink: ProgressSink, label: string): ProgressBar => {
  let drawn = false;
  return {
    update(done, total) {
      if (!sink.enabled) return;
      if (total === undefined) {
        sink.write(`\r${label}: ${done}`);
        drawn = true;
        return;
      }
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * WIDTH);
      sink.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total} (${Math.round(ratio * 100)} %)`,
      );
      drawn = true;
    },
    finish() {
      if (sink.enabled && drawn) sink.write('\n');
    },
  };
};
