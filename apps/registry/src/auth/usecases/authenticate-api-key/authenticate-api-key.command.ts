export interface AuthenticateApiKeyCommand {
  /** The whole key the client presented (`mgk_<prefix>_<secret>`). */
  key: string;
}
