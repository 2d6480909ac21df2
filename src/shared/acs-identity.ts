/**
 * Facts of the Communication Services Identity service (its REST specification and answers), which
 * the connector's model and the emulator both follow: written once so the two cannot drift.
 */

/** How long a Communication Services access token may live, in minutes; the service's default is the longest. */
export const TOKEN_LIFETIME_MINUTES = { minimum: 60, maximum: 1440, default: 1440 } as const;
