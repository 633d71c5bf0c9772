import KubeModel

/// The columns of `kubectl get services` and `kubectl get endpoints`.
enum ServiceColumns {
    static func services(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Type", description: "The type of service.") { service, _ in service["spec"]?["type"] ?? "ClusterIP" },
            TableColumn("Cluster-IP", description: "The cluster IP of the service.") { service, _ in
                .string(service["spec"]?["clusterIP"]?.stringValue ?? "<none>")
            },
            TableColumn("External-IP", description: "External IPs the service is reachable at.") { service, _ in
                .string(Self.externalIPs(service))
            },
            TableColumn("Port(s)", description: "The ports the service exposes.") { service, _ in
                let ports = (service["spec"]?["ports"]?.arrayValue ?? []).map { port -> String in
                    let number = port["port"]?.integerValue ?? 0
                    let proto = port["protocol"]?.stringValue ?? "TCP"
                    if let nodePort = port["nodePort"]?.integerValue { return "\(number):\(nodePort)/\(proto)" }
                    return "\(number)/\(proto)"
                }
                return .string(ports.isEmpty ? "<none>" : ports.joined(separator: ","))
            },
            age,
            TableColumn("Selector", priority: 1, description: "Labels of the pods the service targets.") { service, _ in
                .string(TableCell.labels(service["spec"]?["selector"]))
            },
        ]
    }

    private static func externalIPs(_ service: JSONValue) -> String {
        let addresses = (service["spec"]?["externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
        switch service["spec"]?["type"]?.stringValue {
        case "LoadBalancer":
            let all = TableCell.ingressPoints(service["status"]?["loadBalancer"]) + addresses
            return all.isEmpty ? "<pending>" : all.joined(separator: ",")
        case "ExternalName":
            return service["spec"]?["externalName"]?.stringValue ?? "<none>"
        default:
            return addresses.isEmpty ? "<none>" : addresses.joined(separator: ",")
        }
    }

    static func endpoints(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Endpoints", description: "Endpoints of the service.") { endpoints, _ in
                // Port by port, each subset's addresses as `ip:port` (just the IPs in a subset without ports).
                guard let subsets = endpoints["subsets"]?.arrayValue, !subsets.isEmpty else { return "<none>" }
                let pairs = subsets.flatMap { subset -> [String] in
                    let ips = (subset["addresses"]?.arrayValue ?? []).map { $0["ip"]?.stringValue ?? "" }
                    let ports = (subset["ports"]?.arrayValue ?? []).map { $0["port"]?.integerValue ?? 0 }
                    if ports.isEmpty { return ips }
                    return ports.flatMap { port in ips.map { $0.contains(":") ? "[\($0)]:\(port)" : "\($0):\(port)" } }
                }
                if pairs.count > 3 { return .string(pairs.prefix(3).joined(separator: ",") + " + \(pairs.count - 3) more...") }
                return .string(pairs.joined(separator: ","))
            },
            age,
        ]
    }
}
