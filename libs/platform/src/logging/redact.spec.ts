import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { REDACTED, redactText } from './redact';

// Key-shaped fixtures are assembled at runtime so that secret scanners do not flag the tree.
const FAKE_GROQ_KEY = ['gsk', 'abcdefghijklmnop0123'].join('_');

describe('redactText', () => {
  it.each([
    ['Authorization: Bearer sk-abc123def456ghi', `Authorization: Bearer ${REDACTED}`],
    ['upstream said: Incorrect API key provided: sk-proj-1234567890abcdef', `upstream said: Incorrect API key provided: ${REDACTED}`],
    [`groq key ${FAKE_GROQ_KEY} rejected`, `groq key ${REDACTED} rejected`],
    ['url?api_key=supersecret&x=1', `url?api_key=${REDACTED}&x=1`],
    ['{"token":"abc.def.ghi"}', `{"token":"${REDACTED}"}`],
    ['nothing secret here', 'nothing secret here'],
  ])('scrubs %j', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });
});

describe('createLogger', () => {
  function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
  }

  it('writes JSON with the service name and redacts secret fields and text', () => {
    const out = capture();
    const logger = createLogger({ service: 'test', level: 'info', destination: out.stream });
    logger.info({ apiKey: 'sk-live-abcdefghijkl', model: { apiKey: 'sk-other-abcdefghij' }, req: { headers: { authorization: 'Bearer xyz' } } }, 'calling with Bearer sk-live-abcdefghijkl');
    logger.error({ err: new Error('401 for key sk-live-abcdefghijkl') }, 'failed');
    const text = JSON.stringify(out.lines());
    expect(text).not.toContain('sk-live-abcdefghijkl');
    expect(text).not.toContain('sk-other');
    expect(text).not.toContain('xyz');
    const [first] = out.lines();
    expect(first).toMatchObject({ service: 'test', level: 'info', apiKey: REDACTED, model: { apiKey: REDACTED } });
  });
});
