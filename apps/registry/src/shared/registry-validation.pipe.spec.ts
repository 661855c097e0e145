import { structuralProblems } from '@model-garden/platform';
import { Readable } from 'node:stream';
import { IsString } from 'class-validator';
import { RegistryException } from './registry.exception';
import { RegistryValidationPipe } from './registry-validation.pipe';

class NameDto {
  @IsString() name!: string;
}

async function problems(value: unknown): Promise<Array<{ field: string }>> {
  try {
    await new RegistryValidationPipe().transform(value, { type: 'body', metatype: NameDto });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryException);
    return (error as RegistryException).details ?? [];
  }
}

describe('RegistryValidationPipe', () => {
  it('refuses a body that is not a plain JSON object (a file stream meant for another route) without walking it', async () => {
    const stream = Readable.from(['{}garbage']);
    expect(await problems(stream)).toEqual([expect.objectContaining({ field: 'body' })]);
    expect(await problems([{ name: 'x' }])).toEqual([expect.objectContaining({ field: 'body' })]);
  });

  it('refuses constructor, __proto__ and prototype keys at any depth with a 400 naming each', async () => {
    expect(await problems(JSON.parse('{"name": "x", "status": {"constructor": "http://0.0.0.0/v1"}}'))).toEqual([
      expect.objectContaining({ field: 'status.constructor' }),
    ]);
    expect(await problems(JSON.parse('{"name": "x", "__proto__": {"polluted": true}}'))).toEqual([expect.objectContaining({ field: '__proto__' })]);
    expect(await problems(JSON.parse('{"name": "x", "list": [{"prototype": 1}]}'))).toEqual([expect.objectContaining({ field: 'list[0].prototype' })]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('still names ordinary unknown and bad fields', async () => {
    expect((await problems({ name: 1, extra: true })).map((p) => p.field).sort()).toEqual(['extra', 'name']);
    expect(await problems({ name: 'ok' })).toEqual([]);
  });

  it('finds reserved keys only where they are keys', () => {
    expect(structuralProblems({ a: 'constructor', b: ['__proto__'] })).toEqual([]);
  });

  it('refuses absurd nesting without exhausting the stack', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(await problems({ name: 'x', list: deep })).toEqual([expect.objectContaining({ field: expect.stringMatching(/^list(\[0\])+$/) })]);
  });
});
