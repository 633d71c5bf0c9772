import KubeModel

/// The columns of `kubectl get` for ingresses, ingress classes, network policies and endpoint
/// slices.
enum NetworkColumns {
    static func ingresses(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Class", description: "The IngressClass that handles the ingress.") { ingress, _ in
                ingress["spec"]?["ingressClassName"] ?? "<none>"
            },
            TableColumn("Hosts", description: "The hosts the ingress rules match.") { ingress, _ in
                .string(Self.hosts(ingress["spec"]?["rules"]?.arrayValue ?? []))
            },
            TableColumn("Address", description: "The load balancer's ingress points.") { ingress, _ in
                .string(TableCell.ingressPoints(ingress["status"]?["loadBalancer"]).joined(separator: ","))
            },
            TableColumn("Ports", description: "The ports the ingress opens.") { ingress, _ in
                (ingress["spec"]?["tls"]?.arrayValue ?? []).isEmpty ? "80" : "80, 443"
            },
            age,
        ]
    }

    /// Up to three rule hosts, `*` when no rule names one.
    private static func hosts(_ rules: [JSONValue]) -> String {
        var hosts: [String] = []
        var more = false
        for rule in rules {
            if hosts.count == 3 { more = true }
            if !more, let host = rule["host"]?.stringValue, !host.isEmpty { hosts.append(host) }
        }
        if hosts.isEmpty { return "*" }
        return hosts.joined(separator: ",") + (more ? " + \(rules.count - 3) more..." : "")
    }

    static func ingressClasses(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Controller", description: "The controller that handles the class.") { ingressClass, _ in
                ingressClass["spec"]?["controller"] ?? ""
            },
            TableColumn("Parameters", description: "The resource holding the class's parameters.") { ingressClass, _ in
                guard let parameters = ingressClass["spec"]?["parameters"] else { return "<none>" }
                let group = parameters["apiGroup"]?.stringValue.map { ".\($0)" } ?? ""
                return .string("\(parameters["kind"]?.stringValue ?? "")\(group)/\(parameters["name"]?.stringValue ?? "")")
            },
            age,
        ]
    }

    static func networkPolicies(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Pod-Selector", description: "The pods the policy applies to.") { policy, _ in
                .string(TableCell.selector(policy["spec"]?["podSelector"]))
            },
            age,
        ]
    }

    static func endpointSlices(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("AddressType", description: "The type of the slice's addresses.") { slice, _ in slice["addressType"] ?? "" },
            TableColumn("Ports", description: "The slice's port numbers.") { slice, _ in
                .string(TableCell.firstThree((slice["ports"]?.arrayValue ?? []).map { port in
                    port["port"]?.integerValue.map { String($0) } ?? port["name"]?.stringValue ?? "*"
                }))
            },
            TableColumn("Endpoints", description: "The slice's endpoint addresses.") { slice, _ in
                .string(TableCell.firstThree((slice["endpoints"]?.arrayValue ?? []).flatMap { endpoint in
                    (endpoint["addresses"]?.arrayValue ?? []).compactMap(\.stringValue)
                }))
            },
            age,
        ]
    }
}
