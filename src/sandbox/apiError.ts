// An error answered the way AWS answers it: HTTP status, the error type the SDK maps to a typed
// exception (x-amzn-ErrorType header, and `__type` in JSON-RPC bodies), and a message.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export const notFound = (message: string) => new ApiError(404, 'ResourceNotFoundException', message);
export const invalidRequest = (message: string) => new ApiError(400, 'InvalidRequestException', message);
