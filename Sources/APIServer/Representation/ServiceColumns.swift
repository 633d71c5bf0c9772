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
        var addresses = (service["spec"]?["externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
        switch service["spec"]?["type"]?.stringValue {
        case "LoadBalancer":
            let ingress = (service["status"]?["loadBalancer"]?["ingress"]?.arrayValue ?? []).compactMap {
                $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue
            }
            addresses += ingress
            return addresses.isEmpty ? "<pending>" : addresses.joined(separator: ",")
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
                var pairs: [String] = []
                for subset in endpoints["subsets"]?.arrayValue ?? [] {
                    let ports = (subset["ports"]?.arrayValue ?? []).compactMap { $0["port"]?.integerValue }
                    for address in subset["addresses"]?.arrayValue ?? [] {
                        guard let ip = address["ip"]?.stringValue else { continue }
                        pairs += ports.isEmpty ? [ip] : ports.map { "\(ip):\($0)" }
                    }
                }
                return .string(pairs.isEmpty ? "<none>" : pairs.joined(separator: ","))
            },
            age,
        ]
    }
}
