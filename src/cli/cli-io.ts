/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** Whether stdout is a terminal: the review is then plain text unless a format is asked for. */
  readonly stdoutIsTTY?: boolean | undefined;
}
