import { BaseCommand } from '@model-garden/platform';
import { IsString, Length } from 'class-validator';

/** Longer than any key Model Garden issues (`mgk_<12>_<43>`): callers answer "invalid key" before building the command. */
export const MAX_PRESENTED_KEY_LENGTH = 512;

export class AuthenticateApiKeyCommand extends BaseCommand {
  /** The whole key the client presented (`mgk_<prefix>_<secret>`). */
  @IsString() @Length(1, MAX_PRESENTED_KEY_LENGTH) apiKey!: string;
}
