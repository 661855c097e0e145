// Original file: libs/contracts/src/proto/registry.proto


export interface ExperimentCellPlan {
  'cellId'?: (string);
  'datapointId'?: (string);
  'rowIndex'?: (number);
  'columnId'?: (string);
  'repetition'?: (number);
  'attempt'?: (number);
  /**
   * The datapoint as of the run's dataset revision: JSON object, JSON array or "null", and the expected output.
   */
  'inputsJson'?: (string);
  'messagesJson'?: (string);
  'expectedOutput'?: (string);
  '_expectedOutput'?: "expectedOutput";
}

export interface ExperimentCellPlan__Output {
  'cellId': (string);
  'datapointId': (string);
  'rowIndex': (number);
  'columnId': (string);
  'repetition': (number);
  'attempt': (number);
  /**
   * The datapoint as of the run's dataset revision: JSON object, JSON array or "null", and the expected output.
   */
  'inputsJson': (string);
  'messagesJson': (string);
  'expectedOutput'?: (string);
  '_expectedOutput'?: "expectedOutput";
}
