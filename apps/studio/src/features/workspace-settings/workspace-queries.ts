import type { CurrentWorkspaceView, Region } from '@model-garden/contracts/browser';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RegistryClient } from '../../api/registry-client';
import { useStudio } from '../../app/studio-context';

/** The caller's workspace and what its key may use (`GET /v1/workspace`). */
export const workspaceQuery = (client: RegistryClient) =>
  queryOptions({ queryKey: ['workspace'] as const, queryFn: ({ signal }) => client.call<CurrentWorkspaceView>('GET', '/v1/workspace', { signal }) });

/** The regions this key may use (null: every region, or not loaded yet: nothing is marked then). */
export function useAllowedRegions(): readonly Region[] | null {
  const { client } = useStudio();
  const workspace = useQuery(workspaceQuery(client));
  return workspace.data?.apiKey.effectiveRegions ?? null;
}
