/// The checks kube-apiserver's validation makes on the built-in kinds' contents that clients run
/// into most: pod templates (containers, names, images, ports), workload selectors and replicas,
/// service ports and types, config keys. Each problem is a ``StatusCause`` with kube-apiserver's
/// field path and wording; the server answers them together as one `422 Invalid`.
///
/// This is a subset of kube-apiserver's validation, chosen by what real clients get wrong; values
/// that only a kubelet or controller would reject are accepted.
public enum BuiltinValidation {
    /// The problems of an object of `kind` (after defaulting), empty when it is valid.
    public static func problems(_ object: JSONValue, kind: GroupVersionKind) -> [StatusCause] {
        var problems: [StatusCause] = []
        switch (kind.group, kind.kind) {
        case ("", "Pod"):
            Self.checkPodSpec(object["spec"], at: "spec", into: &problems)
        case ("", "PodTemplate"):
            Self.checkPodSpec(object["template"]?["spec"], at: "template.spec", into: &problems)
        case ("", "ReplicationController"):
            Self.checkReplicas(object, into: &problems)
            Self.checkPodSpec(object["spec"]?["template"]?["spec"], at: "spec.template.spec", into: &problems)
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "StatefulSet"), ("apps", "DaemonSet"):
            if kind.kind != "DaemonSet" { Self.checkReplicas(object, into: &problems) }
            Self.checkSelector(object["spec"], kind: kind.kind, into: &problems)
            Self.checkPodSpec(object["spec"]?["template"]?["spec"], at: "spec.template.spec", into: &problems)
        case ("batch", "Job"):
            Self.checkJobTemplate(object["spec"]?["template"]?["spec"], at: "spec.template.spec", into: &problems)
        case ("batch", "CronJob"):
            if (object["spec"]?["schedule"]?.stringValue ?? "").isEmpty {
                problems.append(.required("spec.schedule"))
            }
            Self.checkJobTemplate(
                object["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"], at: "spec.jobTemplate.spec.template.spec", into: &problems
            )
        case ("", "Service"):
            Self.checkService(object["spec"], into: &problems)
        case ("", "ConfigMap"), ("", "Secret"):
            for field in ["data", "binaryData", "stringData"] {
                for key in object[field]?.objectValue?.keys ?? [] where !Self.isConfigKey(key) {
                    problems.append(.invalid("\(field)[\(key)]", value: key, Self.configKeyMessage))
                }
            }
        default:
            break
        }
        return problems
    }

    // MARK: pods

    private static func checkPodSpec(_ spec: JSONValue?, at path: String, into problems: inout [StatusCause]) {
        let spec = spec ?? [:]
        let containers = spec["containers"]?.arrayValue ?? []
        if containers.isEmpty {
            problems.append(.required("\(path).containers"))
        }
        var names = Set<String>()
        for field in ["initContainers", "containers"] {
            for (index, container) in (spec[field]?.arrayValue ?? []).enumerated() {
                let containerPath = "\(path).\(field)[\(index)]"
                let name = container["name"]?.stringValue ?? ""
                if name.isEmpty {
                    problems.append(.required("\(containerPath).name"))
                } else if let problem = NameValidation.labelProblems(name).first {
                    problems.append(.invalid("\(containerPath).name", value: name, problem))
                } else if !names.insert(name).inserted {
                    problems.append(StatusCause(type: "FieldValueDuplicate", message: "Duplicate value: \"\(name)\"", field: "\(containerPath).name"))
                }
                if (container["image"]?.stringValue ?? "").allSatisfy({ $0 == " " }) {
                    problems.append(.required("\(containerPath).image"))
                }
                for (portIndex, port) in (container["ports"]?.arrayValue ?? []).enumerated() {
                    Self.checkPort(port["containerPort"], at: "\(containerPath).ports[\(portIndex)].containerPort", into: &problems)
                }
                for (envIndex, variable) in (container["env"]?.arrayValue ?? []).enumerated()
                where (variable["name"]?.stringValue ?? "").isEmpty {
                    problems.append(.required("\(containerPath).env[\(envIndex)].name"))
                }
            }
        }
    }

    private static func checkJobTemplate(_ spec: JSONValue?, at path: String, into problems: inout [StatusCause]) {
        Self.checkPodSpec(spec, at: path, into: &problems)
        let policy = spec?["restartPolicy"]?.stringValue ?? ""
        if policy != "OnFailure" && policy != "Never" {
            problems.append(
                StatusCause(
                    type: "FieldValueNotSupported", message: "Unsupported value: \"\(policy)\": supported values: \"OnFailure\", \"Never\"",
                    field: "\(path).restartPolicy"
                )
            )
        }
    }

    private static func checkPort(_ value: JSONValue?, at path: String, into problems: inout [StatusCause]) {
        guard let number = value?.integerValue else {
            problems.append(.required(path))
            return
        }
        if !(1...65535).contains(number) {
            problems.append(.invalid(path, number: number, "must be between 1 and 65535, inclusive"))
        }
    }

    // MARK: workloads

    private static func checkReplicas(_ object: JSONValue, into problems: inout [StatusCause]) {
        if let replicas = object["spec"]?["replicas"]?.integerValue, replicas < 0 {
            problems.append(.invalid("spec.replicas", number: replicas, "must be greater than or equal to 0"))
        }
    }

    /// A selector is required, must not be empty, and must select the template's labels.
    private static func checkSelector(_ spec: JSONValue?, kind: String, into problems: inout [StatusCause]) {
        guard let selector = spec?["selector"], selector != .null else {
            problems.append(.required("spec.selector"))
            return
        }
        let parsed = LabelSelector(object: selector)
        if parsed?.isEmpty ?? false {
            problems.append(
                StatusCause(
                    type: "FieldValueInvalid",
                    message: "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for \(kind.lowercased())",
                    field: "spec.selector"
                )
            )
            return
        }
        var templateLabels: [String: String] = [:]
        for member in spec?["template"]?["metadata"]?["labels"]?.objectValue ?? JSONObject() {
            templateLabels[member.key] = member.value.stringValue ?? ""
        }
        let selects = parsed?.matches(templateLabels) ?? false
        if !selects {
            let shown = templateLabels.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ", ")
            problems.append(
                StatusCause(
                    type: "FieldValueInvalid",
                    message: "Invalid value: map[string]string{\(shown)}: `selector` does not match template `labels`",
                    field: "spec.template.metadata.labels"
                )
            )
        }
    }

    // MARK: services

    private static let serviceTypes = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]

    private static func checkService(_ spec: JSONValue?, into problems: inout [StatusCause]) {
        let type = spec?["type"]?.stringValue ?? "ClusterIP"
        guard Self.serviceTypes.contains(type) else {
            let supported = Self.serviceTypes.map { "\"\($0)\"" }.joined(separator: ", ")
            problems.append(
                StatusCause(type: "FieldValueNotSupported", message: "Unsupported value: \"\(type)\": supported values: \(supported)", field: "spec.type")
            )
            return
        }
        let ports = spec?["ports"]?.arrayValue ?? []
        let headless = spec?["clusterIP"]?.stringValue == "None"
        if ports.isEmpty && type != "ExternalName" && !headless {
            problems.append(.required("spec.ports"))
        }
        var names = Set<String>()
        for (index, port) in ports.enumerated() {
            Self.checkPort(port["port"], at: "spec.ports[\(index)].port", into: &problems)
            let name = port["name"]?.stringValue ?? ""
            if ports.count > 1 && name.isEmpty {
                problems.append(.required("spec.ports[\(index)].name"))
            } else if !name.isEmpty && !names.insert(name).inserted {
                problems.append(StatusCause(type: "FieldValueDuplicate", message: "Duplicate value: \"\(name)\"", field: "spec.ports[\(index)].name"))
            }
        }
        if type == "ExternalName" && (spec?["externalName"]?.stringValue ?? "").isEmpty {
            problems.append(.required("spec.externalName"))
        }
    }

    // MARK: config keys

    private static let configKeyMessage =
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or "
        + "'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"

    private static func isConfigKey(_ key: String) -> Bool {
        let allowed = { (byte: UInt8) in
            NameValidation.isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
        return key.utf8.count <= 253 && NameValidation.consists(of: Substring(key), edges: allowed, inner: allowed)
    }
}
