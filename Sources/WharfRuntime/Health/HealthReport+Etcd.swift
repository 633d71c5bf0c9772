extension HealthReport {
    /// The body etcd serves on `/health`: `{"health":"true","reason":""}` when healthy, and
    /// `{"health":"false","reason":"failed checks: a, b"}` otherwise.
    ///
    /// etcd clients, `etcdctl endpoint health` over HTTP and monitoring probes parse the `health` string.
    public var etcdHealthJSON: String {
        guard !self.isHealthy else {
            return #"{"health":"true","reason":""}"#
        }
        var json = #"{"health":"false","reason":"#
        JSONLineEncoder.appendString("failed checks: " + self.failedChecks.joined(separator: ", "), to: &json)
        json += "}"
        return json
    }
}
