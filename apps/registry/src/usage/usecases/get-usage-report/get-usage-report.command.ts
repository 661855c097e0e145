import { type UsageGroupBy } from '@model-garden/contracts';

export interface GetUsageReportCommand {
  workspaceId: string;
  from?: string;
  to?: string;
  groupBy?: UsageGroupBy;
  /** Only this model (id or ref). */
  model?: string;
  /** Only calls made through this deployment (its key). */
  deployment?: string;
}
