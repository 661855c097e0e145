import { queryOptions } from '@tanstack/react-query';
import { type RegistryClient, queryString } from '../../../api/registry-client';
import type {
  CreateDeploymentRequest,
  DeploymentCacheInvalidation,
  DeploymentListPage,
  DeploymentSummaryView,
  DeploymentVersionListPage,
  DeploymentVersionSummary,
  DeploymentVersionView,
  DeploymentView,
  PublishDeploymentRequest,
} from '@model-garden/contracts/browser';

/** The registry's `/v1/deployments` calls and their TanStack Query keys. */

const path = (key: string): string => `/v1/deployments/${encodeURIComponent(key)}`;

export const deploymentKeys = {
  all: ['deployments'] as const,
  list: () => [...deploymentKeys.all, 'list'] as const,
  one: (key: string) => [...deploymentKeys.all, 'one', key] as const,
  versions: (key: string) => [...deploymentKeys.all, 'versions', key] as const,
  version: (key: string, n: number) => [...deploymentKeys.all, 'version', key, n] as const,
  usage: () => [...deploymentKeys.all, 'usage-24h'] as const,
};

export async function listAllDeployments(client: RegistryClient, signal?: AbortSignal, maxPages = 20): Promise<DeploymentSummaryView[]> {
  const all: DeploymentSummaryView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const result: DeploymentListPage = await client.call<DeploymentListPage>('GET', `/v1/deployments${queryString({ cursor, limit: 200 })}`, { signal });
    all.push(...result.data);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return all;
}

export const deploymentsQuery = (client: RegistryClient) =>
  queryOptions({ queryKey: deploymentKeys.list(), queryFn: ({ signal }) => listAllDeployments(client, signal) });

export const deploymentQuery = (client: RegistryClient, key: string) =>
  queryOptions({ queryKey: deploymentKeys.one(key), queryFn: ({ signal }) => client.call<DeploymentView>('GET', path(key), { signal }) });

export const versionsQuery = (client: RegistryClient, key: string) =>
  queryOptions({
    queryKey: deploymentKeys.versions(key),
    queryFn: async ({ signal }) => {
      const all: DeploymentVersionSummary[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page += 1) {
        const result: DeploymentVersionListPage = await client.call<DeploymentVersionListPage>('GET', `${path(key)}/versions${queryString({ cursor, limit: 200 })}`, { signal });
        all.push(...result.data);
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      return all;
    },
  });

export const versionQuery = (client: RegistryClient, key: string, n: number) =>
  queryOptions({
    queryKey: deploymentKeys.version(key, n),
    queryFn: ({ signal }) => client.call<DeploymentVersionView>('GET', `${path(key)}/versions/${n}`, { signal }),
    // A version never changes once published.
    staleTime: Infinity,
  });

/** Calls and cost per deployment over the last 24 hours (`/v1/usage?groupBy=deployment`). */
export const deploymentUsageQuery = (client: RegistryClient) =>
  queryOptions({
    queryKey: deploymentKeys.usage(),
    queryFn: ({ signal }) => {
      const to = new Date();
      const from = new Date(to.getTime() - 24 * 3_600_000);
      return client.usage({ groupBy: 'deployment', from: from.toISOString(), to: to.toISOString() }, signal);
    },
    staleTime: 30_000,
  });

export const createDeployment = (client: RegistryClient, body: CreateDeploymentRequest): Promise<DeploymentView> => client.call<DeploymentView>('POST', '/v1/deployments', { body });

export const publishDeployment = (client: RegistryClient, key: string, body: PublishDeploymentRequest): Promise<DeploymentView> =>
  client.call<DeploymentView>('PUT', path(key), { body });

export const restoreVersion = (client: RegistryClient, key: string, n: number, note?: string): Promise<DeploymentView> =>
  client.call<DeploymentView>('POST', `${path(key)}/versions/${n}/restore`, note ? { body: { note } } : {});

export const deleteDeployment = (client: RegistryClient, key: string): Promise<void> => client.call<void>('DELETE', path(key));

/** Makes every cached answer of the deployment a miss from now on (`POST /v1/deployments/{key}/cache/invalidate`). */
export const invalidateDeploymentCache = (client: RegistryClient, key: string): Promise<DeploymentCacheInvalidation> =>
  client.call<DeploymentCacheInvalidation>('POST', `${path(key)}/cache/invalidate`);
