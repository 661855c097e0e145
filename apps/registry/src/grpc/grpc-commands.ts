import { IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { BaseCommand } from '../shared/base.command';

export class AuthenticateApiKeyRequestCommand extends BaseCommand {
  @IsString() @Length(1, 512) apiKey!: string;
}

export class ResolveModelCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
  @IsString() @Length(1, 400) model!: string;
}

export class GetModelForValidationCommand extends BaseCommand {
  @IsUUID() modelId!: string;
}

export class ListWorkspaceModelsCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
}

export class ListActiveModelsCommand extends BaseCommand {
  /** 0 means the default page size. */
  @IsInt() @Min(0) @Max(100_000) pageSize!: number;
  @IsString() @Length(0, 200) pageToken!: string;
}
