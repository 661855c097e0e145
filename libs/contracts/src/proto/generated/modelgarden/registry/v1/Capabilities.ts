// Original file: libs/contracts/src/proto/registry.proto


export interface Capabilities {
  'chat'?: (boolean);
  'streaming'?: (boolean);
  'streamUsage'?: (boolean);
  'functionCalling'?: (boolean);
  'structuredOutput'?: (boolean);
  'vision'?: (boolean);
  'completion'?: (boolean);
  'embedding'?: (boolean);
  'embeddingDimension'?: (number);
  'imageGeneration'?: (boolean);
  '_chat'?: "chat";
  '_streaming'?: "streaming";
  '_streamUsage'?: "streamUsage";
  '_functionCalling'?: "functionCalling";
  '_structuredOutput'?: "structuredOutput";
  '_vision'?: "vision";
  '_completion'?: "completion";
  '_embedding'?: "embedding";
  '_embeddingDimension'?: "embeddingDimension";
  '_imageGeneration'?: "imageGeneration";
}

export interface Capabilities__Output {
  'chat'?: (boolean);
  'streaming'?: (boolean);
  'streamUsage'?: (boolean);
  'functionCalling'?: (boolean);
  'structuredOutput'?: (boolean);
  'vision'?: (boolean);
  'completion'?: (boolean);
  'embedding'?: (boolean);
  'embeddingDimension'?: (number);
  'imageGeneration'?: (boolean);
  '_chat'?: "chat";
  '_streaming'?: "streaming";
  '_streamUsage'?: "streamUsage";
  '_functionCalling'?: "functionCalling";
  '_structuredOutput'?: "structuredOutput";
  '_vision'?: "vision";
  '_completion'?: "completion";
  '_embedding'?: "embedding";
  '_embeddingDimension'?: "embeddingDimension";
  '_imageGeneration'?: "imageGeneration";
}
