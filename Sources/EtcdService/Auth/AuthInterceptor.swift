import GRPCCore

/// Makes the request's `token` metadata visible to the handlers (through ``AuthContext``),
/// including the streaming part of a response.
struct AuthInterceptor: ServerInterceptor {
    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let token = request.metadata[stringValues: "token"].first(where: { _ in true })
        var response = try await AuthContext.$token.withValue(token) { try await next(request, context) }
        if case .success(var contents) = response.accepted {
            let producer = contents.producer
            contents.producer = { writer in try await AuthContext.$token.withValue(token) { try await producer(writer) } }
            response.accepted = .success(contents)
        }
        return response
    }
}
