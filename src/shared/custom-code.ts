/** Power Platform's limits on a connector's custom code (script.csx), as Microsoft documents them. */

/** The platform stops custom code that runs longer than this. */
export const SCRIPT_TIME_LIMIT_MS = 5_000;

/** The largest script the platform accepts (1 MB). */
export const MAX_SCRIPT_BYTES = 1024 * 1024;
