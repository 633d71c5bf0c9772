extension HealthReport {
    /// The response body kube-apiserver gives for `/livez`, `/readyz` and `/healthz`.
    ///
    /// A healthy report without `verbose` is just `ok`. Otherwise each check gets a line,
    /// `[+]name ok`, `[+]name excluded: ok` or `[-]name failed: reason withheld`, followed by a warning for
    /// exclusions that matched nothing and by `<endpoint> check passed` or `<endpoint> check failed`.
    /// A failed report always lists the checks, as Kubernetes does, so a probe log says what failed.
    ///
    /// - Parameters:
    ///   - endpoint: The endpoint name used in the last line: `livez`, `readyz` or `healthz`.
    ///   - verbose: Whether the request had `?verbose`.
    /// - Returns: The body text.
    public func kubernetesBody(endpoint: String, verbose: Bool) -> String {
        let healthy = self.isHealthy
        guard verbose || !healthy else { return "ok" }

        var body = ""
        for result in self.results {
            if result.excluded {
                body += "[+]\(result.name) excluded: ok\n"
            } else if result.passed {
                body += "[+]\(result.name) ok\n"
            } else {
                body += "[-]\(result.name) failed: reason withheld\n"
            }
        }
        if !self.unmatchedExclusions.isEmpty {
            let quoted = self.unmatchedExclusions.map { "\"\($0)\"" }.joined(separator: ",")
            body += "warn: some health checks cannot be excluded: no matches for \(quoted)\n"
        }
        body += healthy ? "\(endpoint) check passed\n" : "\(endpoint) check failed\n"
        return body
    }
}
