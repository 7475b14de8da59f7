/** An error whose message is written for the person who caused it: shown as is, without a stack. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}
