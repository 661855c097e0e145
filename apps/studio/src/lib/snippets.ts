import type { ModelType } from '@model-garden/contracts/browser';

/**
 * Copy-ready calls of a model through the gateway. The workspace key is never put in
 * a snippet: it reads MODEL_GARDEN_API_KEY from the environment.
 */
export interface SnippetInput {
  gatewayUrl: string;
  modelRef: string;
  type: ModelType;
}

export type SnippetLanguage = 'curl' | 'node' | 'python';

export const SNIPPET_LANGUAGES: readonly { id: SnippetLanguage; label: string }[] = [
  { id: 'curl', label: 'curl' },
  { id: 'node', label: 'Node.js (openai)' },
  { id: 'python', label: 'Python (openai)' },
];

const ENDPOINT: Record<ModelType, string> = {
  chat: '/chat/completions',
  completion: '/completions',
  embedding: '/embeddings',
  image: '/images/generations',
};

function requestBody(type: ModelType, model: string): Record<string, unknown> {
  switch (type) {
    case 'chat':
      return { model, messages: [{ role: 'user', content: 'Say hello in one sentence.' }] };
    case 'completion':
      return { model, prompt: 'Once upon a time', max_tokens: 32 };
    case 'embedding':
      return { model, input: 'The quick brown fox' };
    case 'image':
      return { model, prompt: 'A watercolour of a lighthouse at dawn', n: 1, size: '1024x1024' };
  }
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlSnippet({ gatewayUrl, modelRef, type }: SnippetInput): string {
  const body = JSON.stringify(requestBody(type, modelRef), null, 2);
  return [
    `curl ${gatewayUrl}${ENDPOINT[type]} \\`,
    `  -H "Authorization: Bearer $MODEL_GARDEN_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d ${shellQuote(body)}`,
  ].join('\n');
}

export function nodeSnippet({ gatewayUrl, modelRef, type }: SnippetInput): string {
  const m = JSON.stringify(modelRef);
  const head = [
    `import OpenAI from 'openai';`,
    '',
    `const client = new OpenAI({`,
    `  baseURL: ${JSON.stringify(gatewayUrl)},`,
    `  apiKey: process.env.MODEL_GARDEN_API_KEY,`,
    `});`,
    '',
  ];
  const call: Record<ModelType, string[]> = {
    chat: [
      `const completion = await client.chat.completions.create({`,
      `  model: ${m},`,
      `  messages: [{ role: 'user', content: 'Say hello in one sentence.' }],`,
      `});`,
      `console.log(completion.choices[0].message.content);`,
    ],
    completion: [`const completion = await client.completions.create({ model: ${m}, prompt: 'Once upon a time', max_tokens: 32 });`, `console.log(completion.choices[0].text);`],
    embedding: [`const embedding = await client.embeddings.create({ model: ${m}, input: 'The quick brown fox' });`, `console.log(embedding.data[0].embedding.length);`],
    image: [`const image = await client.images.generate({ model: ${m}, prompt: 'A watercolour of a lighthouse at dawn', size: '1024x1024' });`, `console.log(image.data?.[0]);`],
  };
  return [...head, ...call[type]].join('\n');
}

export function pythonSnippet({ gatewayUrl, modelRef, type }: SnippetInput): string {
  const m = JSON.stringify(modelRef);
  const head = ['import os', 'from openai import OpenAI', '', `client = OpenAI(base_url=${JSON.stringify(gatewayUrl)}, api_key=os.environ["MODEL_GARDEN_API_KEY"])`, ''];
  const call: Record<ModelType, string[]> = {
    chat: [
      'completion = client.chat.completions.create(',
      `    model=${m},`,
      '    messages=[{"role": "user", "content": "Say hello in one sentence."}],',
      ')',
      'print(completion.choices[0].message.content)',
    ],
    completion: [`completion = client.completions.create(model=${m}, prompt="Once upon a time", max_tokens=32)`, 'print(completion.choices[0].text)'],
    embedding: [`embedding = client.embeddings.create(model=${m}, input="The quick brown fox")`, 'print(len(embedding.data[0].embedding))'],
    image: [`image = client.images.generate(model=${m}, prompt="A watercolour of a lighthouse at dawn", size="1024x1024")`, 'print(image.data[0])'],
  };
  return [...head, ...call[type]].join('\n');
}

export function snippet(language: SnippetLanguage, input: SnippetInput): string {
  switch (language) {
    case 'curl':
      return curlSnippet(input);
    case 'node':
      return nodeSnippet(input);
    case 'python':
      return pythonSnippet(input);
  }
}
