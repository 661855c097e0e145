// Original file: libs/contracts/src/proto/registry.proto


export interface Pricing {
  'inputPerMillionTokens'?: (number | string);
  'outputPerMillionTokens'?: (number | string);
  'perImage'?: (number | string);
  '_inputPerMillionTokens'?: "inputPerMillionTokens";
  '_outputPerMillionTokens'?: "outputPerMillionTokens";
  '_perImage'?: "perImage";
}

export interface Pricing__Output {
  'inputPerMillionTokens'?: (number);
  'outputPerMillionTokens'?: (number);
  'perImage'?: (number);
  '_inputPerMillionTokens'?: "inputPerMillionTokens";
  '_outputPerMillionTokens'?: "outputPerMillionTokens";
  '_perImage'?: "perImage";
}
