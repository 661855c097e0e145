import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { RegistryClient } from '../../../api/registry-client';
import { pollCells } from '../api/experiments-api';
import { type CellPage, type CellView, FINISHED_RUN_STATUSES } from '@model-garden/contracts/browser';
import { mergeCells } from '../lib/run-grid';

export interface RunCellsState {
  cells: Map<string, CellView>;
  /** What the next poll passes as `updatedAfter`. */
  updatedAfter: string | null;
  run: CellPage['run'];
}

export const runCellsKey = (id: string, runId: string) => ['experiments', id, 'runs', runId, 'cells'] as const;

/**
 * A run's cells, live: the first fetch takes them all, then every second only those
 * changed since (`?updatedAfter=`), merged into what is on screen, until the run is
 * finished. A re-run invalidates the query and polling resumes.
 */
export function useRunCells(client: RegistryClient, id: string, runId: string) {
  const queryClient = useQueryClient();
  const key = runCellsKey(id, runId);
  return useQuery({
    queryKey: key,
    queryFn: async ({ signal }): Promise<RunCellsState> => {
      const previous = queryClient.getQueryData<RunCellsState>(key);
      const { cells, page } = await pollCells(client, id, runId, previous?.updatedAfter ?? null, signal);
      return { cells: mergeCells(previous?.cells ?? new Map(), cells), updatedAfter: page.nextUpdatedAfter ?? previous?.updatedAfter ?? null, run: page.run };
    },
    refetchInterval: (query) => (query.state.data && FINISHED_RUN_STATUSES.includes(query.state.data.run.status) ? false : 1_000),
    // The merged map is new on every change; comparing it deeply would cost more than it saves.
    structuralSharing: false,
    staleTime: 0,
  });
}
