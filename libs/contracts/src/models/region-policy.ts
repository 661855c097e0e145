import { REGIONS, type Region } from './model.types';

/**
 * Region as a policy: a workspace and each of its API keys may name the regions whose
 * models they can use (`allowedRegions`; null: every region). A key's setting only ever
 * narrows its workspace's, so what a key may use is the intersection of both. Shared by
 * the registry (publish and save checks), the gateway (every call) and the studio
 * (markers and plain-words refusals); browser-safe.
 */

export function isRegion(value: unknown): value is Region {
  return (REGIONS as readonly unknown[]).includes(value);
}

/** The regions a caller may use: its workspace's setting narrowed by its key's; null means every region. */
export function effectiveRegions(workspace: readonly Region[] | null | undefined, key: readonly Region[] | null | undefined): Region[] | null {
  if (!workspace && !key) return null;
  if (!workspace) return [...key!];
  if (!key) return [...workspace];
  return workspace.filter((region) => key.includes(region));
}

/** Whether a model of `region` may be used under `allowed` (null: every region). */
export function regionAllowed(region: string, allowed: readonly Region[] | null | undefined): boolean {
  return !allowed || (allowed as readonly string[]).includes(region);
}

/** The regions of `wanted` that `within` does not allow (within null: none). */
export function regionsOutside(wanted: readonly Region[], within: readonly Region[] | null | undefined): Region[] {
  return within ? wanted.filter((region) => !within.includes(region)) : [];
}

/** A region list as people read it: `"eu"`, `"us" and "eu"`, or `none` for an empty list. */
export function describeRegions(regions: readonly string[] | null | undefined): string {
  if (!regions) return REGIONS.map((r) => `"${r}"`).join(' and ');
  if (regions.length === 0) return 'none';
  const quoted = regions.map((r) => `"${r}"`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** Why a model cannot be used here, naming its region and the allowed ones (the gateway's 403, the registry's 422). */
export function regionRefusal(model: string, region: string, allowed: readonly Region[] | null | undefined): string {
  return `Model "${model}" is in region "${region}", outside the regions this workspace API key may use (${describeRegions(allowed ?? [])}). Use a model in an allowed region, or widen allowedRegions in the workspace settings.`;
}
