import { Injectable } from '@nestjs/common';
import { type CreatedApiKeyView, describeRegions, type Region, regionsOutside } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { RegistryException } from '../../../shared/registry.exception';
import { ApiKeyIssuer } from '../../api-key-issuer.service';
import { type CreateApiKeyCommand } from './create-api-key.command';

/**
 * A new key for the caller's workspace that can never do more than the caller: at most
 * the caller's own scopes (403 naming `scopes`), and never outliving it (an expiring
 * caller must give an `expiresAt` no later than its own: 400 naming `expiresAt`).
 */
@Injectable()
export class CreateApiKeyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly issuer: ApiKeyIssuer,
  ) {}

  async execute(command: CreateApiKeyCommand): Promise<CreatedApiKeyView> {
    const { auth, input } = command;
    const beyond = input.scopes.filter((s) => !auth.scopes.includes(s));
    if (beyond.length > 0) {
      const message = `This API key cannot grant ${beyond.map((s) => `"${s}"`).join(', ')}: a key can only grant scopes it holds.`;
      throw RegistryException.forbidden(message, [{ field: 'scopes', message: `Remove ${beyond.join(', ')}, or create the key with a key that holds them.` }]);
    }
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw RegistryException.field('expiresAt', 'expiresAt must be in the future.');
    if (auth.expiresAt) {
      const callerExpiry = new Date(auth.expiresAt);
      const limit = callerExpiry.toISOString();
      if (!expiresAt) throw RegistryException.field('expiresAt', `This API key expires at ${limit}; a key it creates must expire too: set expiresAt to ${limit} or earlier.`);
      if (expiresAt.getTime() > callerExpiry.getTime()) throw RegistryException.field('expiresAt', `A key cannot outlive the key that creates it: set expiresAt to ${limit} or earlier.`);
    }
    const allowedRegions = this.allowedRegions(command);
    return this.dataSource.transaction((manager) =>
      this.issuer.issue(manager, { workspaceId: auth.workspaceId, label: input.label.trim(), scopes: input.scopes, expiresAt, allowedRegions }),
    );
  }

  /**
   * A key's regions only narrow: outside the calling key's (which are within the
   * workspace's) is a 422 naming allowedRegions. A caller limited by its own setting
   * passes it on when the new key names none.
   */
  private allowedRegions({ auth, input }: CreateApiKeyCommand): Region[] | null {
    if (!input.allowedRegions) return auth.keyRegions;
    const outside = regionsOutside(input.allowedRegions, auth.allowedRegions);
    if (outside.length > 0) {
      const whose = auth.keyRegions ? 'this API key' : 'the workspace';
      throw RegistryException.regionNotAllowed([
        {
          field: 'allowedRegions',
          message: `allowedRegions names ${describeRegions(outside)}, outside the regions ${whose} may use (${describeRegions(auth.allowedRegions)}): a key's regions can only narrow its workspace's. Remove ${describeRegions(outside)}.`,
        },
      ]);
    }
    return input.allowedRegions;
  }
}
