import { CommandValidationError } from '@model-garden/platform';
import { type AuthContext } from '../auth/auth-context';
import { CreateDeploymentCommand } from './usecases/create-deployment/create-deployment.command';
import { GetDeploymentVersionCommand } from './usecases/get-deployment-version/get-deployment-version.command';
import { ListDeploymentsCommand } from './usecases/list-deployments/list-deployments.command';
import { RestoreDeploymentVersionCommand } from './usecases/restore-deployment-version/restore-deployment-version.command';

describe('deployment commands', () => {
  const auth: AuthContext = { apiKeyId: 'k', workspaceId: 'w', workspaceSlug: 'acme', scopes: ['deployments:write'], prefix: 'p', expiresAt: null, keyRegions: null, allowedRegions: null };

  it('carries the body as it came, free-form JSON (tool schemas) included', () => {
    const body = {
      key: 'support',
      variants: [
        {
          key: 'a',
          model: 'chat',
          messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
          parameters: { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { q: { type: 'string', enum: ['x', null] } } } } }] },
        },
      ],
      routing: { rules: [{ conditions: [{ field: 'plan', operator: 'in', value: ['a', 1, true] }], variant: 'a' }], defaultVariant: 'a' },
      note: null,
    };
    const command = CreateDeploymentCommand.create({ auth, input: body });
    expect(JSON.parse(JSON.stringify(command.input))).toEqual(body);
    expect(command.auth).toEqual(auth);
  });

  it('names each bad field by its path in the command', () => {
    expect(() => GetDeploymentVersionCommand.create({ auth, key: 'support', version: 0 })).toThrow(CommandValidationError);
    expect(() => RestoreDeploymentVersionCommand.create({ key: 'support', version: 2, input: {} })).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'auth' })] }));
    expect(() => ListDeploymentsCommand.create({ auth, query: { limit: 500 } })).toThrow(
      expect.objectContaining({ details: [{ field: 'query.limit', message: 'limit must be between 1 and 200' }] }),
    );
  });
});
