/** One invalid setting: where it came from (variable or flag), the raw value, the rule it breaks. */
export interface ConfigIssue {
  source: string;
  value?: string;
  rule: string;
}

/** Invalid configuration. The CLI prints the message (no stack trace) and exits with {@link ConfigError.exitCode}. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  readonly exitCode = 2;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map((i) => `  ${i.source}${i.value === undefined ? '' : `=${JSON.stringify(i.value)}`}: ${i.rule}`);
    super(`Invalid configuration:\n${lines.join('\n')}`);
    this.issues = issues;
  }
}
