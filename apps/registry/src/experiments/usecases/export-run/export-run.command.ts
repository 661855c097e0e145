import { type RunExportFormat } from '@model-garden/contracts';
import { type AuthContext } from '../../../auth/auth-context';

export interface ExportRunCommand {
  auth: AuthContext;
  experimentId: string;
  runId: string;
  format: RunExportFormat;
}
