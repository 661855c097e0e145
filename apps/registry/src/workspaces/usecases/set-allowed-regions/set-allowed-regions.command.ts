import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { UpdateWorkspaceSettingsDto } from '../../dtos/workspace.dto';

/** `PATCH /v1/workspace`: built from the validated UpdateWorkspaceSettingsDto. */
export class SetAllowedRegionsCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => UpdateWorkspaceSettingsDto) input!: UpdateWorkspaceSettingsDto;
}
