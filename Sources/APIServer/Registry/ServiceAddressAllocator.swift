import Foundation
import KubeModel
import StoreCore

/// Hands out Service cluster IPs from `--service-cluster-ip-range` and node ports from
/// `--service-node-port-range`. Each allocation is a marker key written in the same transaction as
/// the Service, so two Services can never get the same address, even through two API servers.
struct ServiceAddressAllocator: Sendable {
    /// The IPv4 service network, e.g. 10.96.0.0/12.
    let network: IPv4Network
    /// The node port range, 30000-32767 by default.
    let nodePorts: ClosedRange<Int>
    /// Where allocation markers live.
    let markerPrefix: String

    init(network: IPv4Network, nodePorts: ClosedRange<Int>, storePrefix: String) {
        self.network = network
        self.nodePorts = nodePorts
        self.markerPrefix = "\(storePrefix)/wharf.io/"
    }

    /// The address reserved for the `kubernetes` Service: the first in the range.
    var apiServerServiceIP: String { self.network.address(at: 1) }

    func ipMarker(_ ip: String) -> Data { Data("\(self.markerPrefix)serviceips/\(ip)".utf8) }
    func portMarker(_ port: Int64) -> Data { Data("\(self.markerPrefix)nodeports/\(port)".utf8) }

    /// The allocation markers a Service holds.
    func markers(of service: JSONValue) -> [Data] {
        var markers: [Data] = []
        for ip in service["spec"]?["clusterIPs"]?.arrayValue ?? [] {
            if let ip = ip.stringValue, ip != "None", self.network.contains(ip) { markers.append(self.ipMarker(ip)) }
        }
        for port in service["spec"]?["ports"]?.arrayValue ?? [] {
            if let nodePort = port["nodePort"]?.integerValue { markers.append(self.portMarker(nodePort)) }
        }
        return markers
    }

    /// Fills in a new Service's cluster IP and node ports, avoiding the markers in `taken`.
    func allocate(_ service: inout JSONValue, taken: Set<Data>) throws(StatusError) {
        guard var spec = service["spec"], spec["type"]?.stringValue != "ExternalName" else { return }
        let requested = spec["clusterIP"]?.stringValue ?? ""
        if requested == "None" {
            spec["clusterIPs"] = ["None"]
        } else if requested.isEmpty {
            guard let ip = self.freeIP(taken: taken) else {
                throw .internalError("failed to allocate a serviceIP: range is full")
            }
            spec["clusterIP"] = .string(ip)
            spec["clusterIPs"] = [.string(ip)]
        } else {
            guard self.network.contains(requested) else {
                throw .invalid(kind: GroupVersionKind(group: "", version: "v1", kind: "Service"), name: service.name, causes: [
                    StatusCause(
                        type: "FieldValueInvalid",
                        message: "Invalid value: \"\(requested)\": failed to allocate IP \(requested): provided IP is not in the valid range. The range of valid IPs is \(self.network)",
                        field: "spec.clusterIPs"
                    )
                ])
            }
            spec["clusterIPs"] = [.string(requested)]
        }
        spec.setDefault("ipFamilies", ["IPv4"])
        spec.setDefault("ipFamilyPolicy", "SingleStack")
        if spec["type"] == "NodePort" || spec["type"] == "LoadBalancer" {
            var used = Set<Int64>()
            spec.updateEach("ports") { port in
                if port["nodePort"] == nil, let free = self.freePort(taken: taken, alsoUsed: used) {
                    port["nodePort"] = .integer(free)
                }
                if let assigned = port["nodePort"]?.integerValue { used.insert(assigned) }
            }
        }
        service["spec"] = spec
    }

    private func freeIP(taken: Set<Data>) -> String? {
        let size = self.network.size
        guard size > 3 else { return nil }
        let start = Int.random(in: 2..<(size - 1))
        for offset in 0..<(size - 3) {
            let index = 2 + (start - 2 + offset) % (size - 3)
            let ip = self.network.address(at: index)
            if !taken.contains(self.ipMarker(ip)) { return ip }
        }
        return nil
    }

    private func freePort(taken: Set<Data>, alsoUsed: Set<Int64>) -> Int64? {
        let count = self.nodePorts.count
        let start = Int.random(in: 0..<count)
        for offset in 0..<count {
            let port = Int64(self.nodePorts.lowerBound + (start + offset) % count)
            if !alsoUsed.contains(port) && !taken.contains(self.portMarker(port)) { return port }
        }
        return nil
    }
}
