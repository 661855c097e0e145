import { ERROR_CODES, type Region, regionAllowed, regionRefusal } from '@model-garden/contracts';
import { GatewayError } from '../shared/gateway.exception';

/**
 * The region policy on the request path: a model outside the caller's allowedRegions
 * (its workspace's narrowed by its key's) is never called. A direct call (or a
 * deployment variant's own model) is a 403 `region_not_allowed` naming the model's region
 * and the allowed ones; a fallback in such a region is skipped, and the refusal logged as
 * the reason (UpstreamAttempts' fallbackModel).
 */
export function assertRegionAllowed(key: { allowedRegions: readonly Region[] | null }, model: { region: string }, shown: string): void {
  if (regionAllowed(model.region, key.allowedRegions)) return;
  throw new GatewayError(403, regionRefusal(shown, model.region, key.allowedRegions), 'permission_error', ERROR_CODES.regionNotAllowed, 'model');
}
