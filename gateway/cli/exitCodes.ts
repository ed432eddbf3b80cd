/**
 * Exit codes of `autogen-gate`, stable because pipelines branch on them (documented in
 * docs/ci.md).
 */
export const ExitCode = {
  ok: 0,
  /** Invalid configuration, unreadable file, failed verification: see the message. */
  failure: 1,
  usage: 2,
  deniedByPolicy: 3,
  approvalDeniedOrExpired: 4,
  waitTimedOut: 5,
  upstreamFailed: 6,
  gatewayUnreachable: 7,
  /** The gateway stopped while the run was in flight; it was not retried: asking again is safe. */
  interrupted: 8,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
