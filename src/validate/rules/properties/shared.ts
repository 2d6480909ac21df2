import { type ValidationContext } from '../../types.ts';
import { isObject } from '../../../shared/json.ts';

/** Helpers the apiProperties rules share. */

export function settings(context: ValidationContext): Record<string, unknown> | undefined {
  return isObject(context.properties?.properties) ? context.properties.properties : undefined;
}
