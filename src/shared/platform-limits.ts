/**
 * Power Platform's limits on the files and custom code of a connector: each one a fact of its own,
 * stated once, with where Microsoft states it. The validator, the build, the script host and the
 * messages all read them from here. Microsoft writes these sizes as "1 MB"; the platform counts
 * 1024 × 1024 bytes (`platformSize` writes them the same way).
 */

const MB = 1024 * 1024;

/**
 * apiDefinition.swagger.json: "under 1 MB" (the certification rule catalogue, S7). The certified
 * connectors include one of 1.1 MB, so the validator reports a larger file as a warning.
 */
export const MAX_DEFINITION_BYTES = MB;

/** icon.png: under 1 MB (the custom connector wizard's icon upload; the service refuses larger icons). */
export const MAX_ICON_BYTES = MB;

/** script.csx: at most 1 MB ("Write code in a custom connector", its limits). */
export const MAX_SCRIPT_BYTES = MB;

/** The platform stops custom code that runs longer than this ("Write code in a custom connector"). */
export const SCRIPT_TIME_LIMIT_MS = 5_000;

/** A platform size in Microsoft's words: "1 MB" (whole megabytes), else the bytes. */
export function platformSize(bytes: number): string {
  return bytes % MB === 0 ? `${bytes / MB} MB` : `${bytes} bytes`;
}
