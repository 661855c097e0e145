import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/registry-client';

/**
 * The studio's server state: one TanStack Query cache per signed-in session (a new key
 * starts empty). Cached data shows at once and is fetched again when a view mounts
 * (TanStack's default staleness of 0). A refused request (4xx) is not retried: trying again cannot change
 * the answer, and a 401 signs out at once. Network errors and 5xx get two more tries.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
}
