import { BaseCommand } from '@model-garden/platform';
import { IsObject } from 'class-validator';
import { type AuthContext } from './auth-context';

/** A command made with the authority of the workspace key that authenticated the request (the guard's `AuthContext`). */
export abstract class AuthenticatedCommand extends BaseCommand {
  @IsObject() auth!: AuthContext;
}
