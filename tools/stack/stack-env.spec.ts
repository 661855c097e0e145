import { withEncryptionKeyHint } from './stack-env';

describe('withEncryptionKeyHint', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/model_garden';

  it('tells a second checkout how to reuse the first one\'s keys or start from an empty database', () => {
    const message = withEncryptionKeyHint('migrations failed (exit 1):\nthe provider key of model m (key id k1) cannot be decrypted: wrong key', url);
    expect(message).toContain('cannot be decrypted');
    expect(message).toContain('copy that checkout\'s .local/stack.env here');
    expect(message).toContain('dropdb -h 127.0.0.1 -U postgres model_garden && npm run up');
  });

  it('leaves other failures as they are', () => {
    expect(withEncryptionKeyHint('migrations failed (exit 1): connection refused', url)).toBe('migrations failed (exit 1): connection refused');
  });
});
